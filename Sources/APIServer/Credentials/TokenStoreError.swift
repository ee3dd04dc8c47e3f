/// Why a rotation or a reload of the tokens was refused: nothing changed.
public enum TokenStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownUser(String)
    /// Someone edited the file since it was loaded: rewriting it would throw their edit away.
    case changedOnDisk(path: String)
    case noRandomness
    /// What we were about to write does not read back (e.g. a group name holding a comma).
    case unrenderable(CredentialFileError)
    case writeFailed(AtomicFileError)
    /// The backend (etcd) could not be read or written; nothing changed.
    case unavailable(CredentialBackendError)
    /// A reload found the token file broken (file and line); nothing changed.
    case fileRefused(CredentialFileError)

    public var description: String {
        switch self {
        case .unknownUser(let user): "no token for user \"\(user)\" in the token file"
        case .changedOnDisk(let path): "\(path) changed on disk since it was loaded; reload it first"
        case .noRandomness: "OpenSSL could not produce random bytes; no token was made"
        case .unrenderable(let error): "the new token file would not read back: \(error)"
        case .writeFailed(let error): "\(error); the old tokens stay in force"
        case .unavailable(let error): "\(error); the old tokens stay in force"
        case .fileRefused(let error): "\(error)"
        }
    }
}
