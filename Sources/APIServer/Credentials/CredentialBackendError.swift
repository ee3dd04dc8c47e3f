/// Why the credentials kept by a backend could not be read or changed (etcd unreachable, a document in
/// etcd that does not parse). Nothing was changed.
public struct CredentialBackendError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
