/// What committing a change of the token table did.
public struct TokenCommit: Sendable {
    /// The table now in force.
    public var table: TokenTable
    /// The change is in force, but this master's token file could not be written (etcd has the change).
    public var localCopyError: TokenStoreError?
}
