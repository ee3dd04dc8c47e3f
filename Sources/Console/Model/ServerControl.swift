import APIServer

/// The live operations the console's keys call: thread-safe core APIs of the server.
public protocol ServerControl: Sendable {
    func rotateToken(user: String) throws -> String
    func rotateAllTokens() throws -> [String: String]
    func reloadPolicy() -> PolicyStore.ReloadResult
    func reloadTokens() -> String
}

extension APIServer: ServerControl {}
