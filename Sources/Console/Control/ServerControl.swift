import APIServer

/// What the console talks to: the server's live operations (the keys' effects) and the data every frame
/// shows. `InProcessServerControl` implements it over the `APIServer` in this process (the all-in-one
/// mode); `RemoteServerControl` over the master's console channel (the local socket or the secure port).
/// So everything that crosses it is a value (no server object leaks through), and errors are messages.
public protocol ServerControl: Sendable {
    /// Moves whenever something a frame shows may have changed (a request served, a failure recorded).
    /// Cheap: the console polls it every tick and takes a snapshot only when it moved (or once a second).
    var changeCount: Int { get }

    /// Everything one frame shows, as the server has it now. Request rates are left to the console
    /// (`ConsoleDataSource` samples the counters); a server that cannot be reached says so in `warnings`.
    func snapshot() -> ConsoleData

    /// A fresh token for `user`, returned once; the old one is refused (after `--token-rotation-grace`).
    func rotateToken(user: String) throws(ControlError) -> String

    /// Fresh tokens for every user in the token file: user → token.
    func rotateAllTokens() throws(ControlError) -> [String: String]

    /// Rereads the policy file; a broken file is refused and the policy in force stays.
    func reloadPolicy() -> PolicyStore.ReloadResult

    /// Rereads the token file; a broken file is refused and the tokens in force stay.
    func reloadTokens() -> TokenReloadResult

    /// True when the master runs in this process: leaving the console stops it. False when attached:
    /// leaving detaches and the master keeps serving.
    var isEmbedded: Bool { get }

    /// Stops the master (`:stop`, attached consoles): it finishes the requests in flight and exits.
    func stopMaster() throws(ControlError)
}
