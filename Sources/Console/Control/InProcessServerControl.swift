import APIServer
import HTTP

/// `ServerControl` over the `APIServer` running in this process: snapshots are taken from the
/// Observatory, the ports, the credentials and the policy; operations call the server's thread-safe
/// live operations.
public final class InProcessServerControl: ServerControl {
    private let server: APIServer

    public init(server: APIServer) {
        self.server = server
    }

    public var changeCount: Int { server.observatory.changeCount }

    public func snapshot() -> ConsoleData { ConsoleSampler(server: server).sample(logs: true) }

    public func rotateToken(user: String) throws(ControlError) -> String {
        do { return try server.rotateToken(user: user) } catch { throw ControlError(error.description) }
    }

    public func rotateAllTokens() throws(ControlError) -> [String: String] {
        do { return try server.rotateAllTokens() } catch { throw ControlError(error.description) }
    }

    public func reloadPolicy() -> PolicyStore.ReloadResult { server.reloadPolicy() }

    public func reloadTokens() -> TokenReloadResult { server.reloadTokens() }

    public var isEmbedded: Bool { true }

    /// Leaving the console stops the embedded server: nothing to do first.
    public func stopMaster() throws(ControlError) {}
}
