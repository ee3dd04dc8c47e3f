/// One master alone: its token file and policy file are the record, and nothing changes them but this
/// process (a rotation, a reload). A commit writes the file first; if that fails, nothing changes.
public final class FileCredentialBackend: CredentialBackend {
    public init() {}

    public var location: String { "files" }

    public func openTokens(seed: TokenTable) -> TokenTable { seed }

    public func commitTokens(
        inForce: TokenTable, _ change: (TokenTable) throws(TokenStoreError) -> TokenTable,
        persist: () throws(TokenStoreError) -> Void
    ) throws(TokenStoreError) -> TokenCommit {
        var next = try change(inForce)
        try persist()
        next.revision = inForce.revision + 1
        return TokenCommit(table: next, localCopyError: nil)
    }

    public func openPolicy(seed: PolicyDocument) -> PolicyDocument { seed }

    /// The file is the policy: a reload always puts it in force, changed or not.
    public func commitPolicy(_ document: PolicyDocument, baseline: String?) -> PolicyDocument? { document }

    public func follow(
        tokens: @escaping @Sendable (TokenTable) -> Void, policy: @escaping @Sendable (PolicyDocument) -> Void
    ) {}

    public func stop() {}
}
