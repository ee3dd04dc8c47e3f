/// One key of an `EtcdKeyspace` as etcd holds it.
public struct EtcdEntry: Sendable, Equatable {
    /// Relative to the keyspace's prefix (`credentials/tokens`).
    public var key: String
    public var value: [UInt8]
    /// The revision of the key's last write: what a compare-and-swap compares.
    public var modRevision: Int64
    /// The lease the key is bound to (0: none): it vanishes when the lease expires.
    public var lease: Int64

    public init(key: String, value: [UInt8], modRevision: Int64, lease: Int64 = 0) {
        self.key = key
        self.value = value
        self.modRevision = modRevision
        self.lease = lease
    }
}
