/// Why a live operation on the running server (a token rotation from the console) failed. Not a
/// `StartupError`: the server runs on, with the tokens it had unless the case says otherwise.
public enum LiveOperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server has no token file (the secure port is disabled, or it authenticates without tokens).
    case noTokenFile
    /// The token store refused the rotation; nothing changed.
    case rotationRefused(TokenStoreError)
    /// The tokens rotated, but admin.kubeconfig could not be rewritten (the new admin token is in the token file).
    case kubeconfigNotWritten(String)

    public var description: String {
        switch self {
        case .noTokenFile: "no token file in use"
        case .rotationRefused(let error): "\(error)"
        case .kubeconfigNotWritten(let why): "the tokens rotated, but admin.kubeconfig was not rewritten: \(why)"
        }
    }
}
