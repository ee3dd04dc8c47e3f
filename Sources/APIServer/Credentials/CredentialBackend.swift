/// Where the token table and the policy in force are kept: the seam between one master and several.
/// `FileCredentialBackend` keeps them in this process, read from its files (one master); the etcd backend
/// (`EtcdCredentialBackend`) keeps them in etcd for every master and tells each of changes made by the
/// others. `TokenStore` and `PolicyStore` do the same thing over either: read their files, commit changes
/// here, and adopt what the backend reports.
public protocol CredentialBackend: Sendable {
    /// Where the credentials live, for the operator (`token file`, `etcd (<prefix>)`).
    var location: String { get }

    /// The token table to start from: the backend's own, or `seed` (the token file's) stored as the first.
    func openTokens(seed: TokenTable) throws(CredentialBackendError) -> TokenTable

    /// Commits `change` of the table in force and returns the table committed. `change` may run more
    /// than once (again on a newer table, when another master changed it meanwhile). `persist` writes this
    /// master's token file: where the file is the record, a failure there commits nothing; where the
    /// backend is, the change stands and the failure is reported in the commit.
    func commitTokens(
        inForce: TokenTable, _ change: (TokenTable) throws(TokenStoreError) -> TokenTable,
        persist: () throws(TokenStoreError) -> Void
    ) throws(TokenStoreError) -> TokenCommit

    /// The policy to start from: the backend's own, or `seed` (the policy file's) stored as the first.
    func openPolicy(seed: PolicyDocument) throws(CredentialBackendError) -> PolicyDocument

    /// Commits a policy read from this master's file (already parsed: a broken one never gets here).
    /// `baseline` is the file's text as last read: a backend shared by several masters commits nothing
    /// when the file did not change (its policy may be newer, reloaded on another master), returning nil.
    func commitPolicy(_ document: PolicyDocument, baseline: String?) throws(CredentialBackendError) -> PolicyDocument?

    /// Starts telling `tokens` and `policy` of what other masters commit (on a thread of the backend's).
    func follow(
        tokens: @escaping @Sendable (TokenTable) -> Void,
        policy: @escaping @Sendable (PolicyDocument) -> Void) throws(CredentialBackendError)

    /// Stops following.
    func stop()
}
