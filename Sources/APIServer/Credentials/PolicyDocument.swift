/// An ABAC policy as a backend keeps it: the policy file's text, where it came from, and its version.
public struct PolicyDocument: Sendable, Equatable {
    public var text: String
    /// The file it was read from, and on which master (`master-1:/var/lib/kube-console/policy.jsonl`).
    public var source: String
    /// The backend's version (etcd's mod revision; a count of local changes for the file backend).
    public var revision: Int64

    public init(text: String, source: String, revision: Int64 = 0) {
        self.text = text
        self.source = source
        self.revision = revision
    }
}
