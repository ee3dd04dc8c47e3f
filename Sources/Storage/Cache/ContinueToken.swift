/// Where a paged list stopped: the revision every page is served at and the last key returned. Opaque to
/// clients (base64url), like kube-apiserver's. Public for the fuzz checks, which decode what a client
/// may send.
public struct ContinueToken: Equatable, Sendable {
    public var revision: Int64
    var after: ListPosition

    public var afterNamespace: String { after.namespace }
    public var afterName: String { after.name }

    public var encoded: String {
        Base64URL.encode(Array("\(revision)\u{0}\(after.namespace)\u{0}\(after.name)".utf8))
    }

    init(revision: Int64, after: ListPosition) {
        self.revision = revision
        self.after = after
    }

    public init(decoding token: String) throws(StoreError) {
        guard let bytes = Base64URL.decode(token) else {
            throw .invalid("continue key is not valid: illegal base64 data")
        }
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard parts.count == 3, let revision = Int64(parts[0]), revision > 0 else {
            throw .invalid(
                "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
        }
        self.init(revision: revision, after: ListPosition(namespace: parts[1], name: parts[2]))
    }
}
