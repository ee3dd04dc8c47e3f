/// Whether a store can take writes now, for /readyz and the console. The embedded store always can; a
/// store on etcd cannot while no endpoint answers (its cache still serves reads).
public struct StoreHealth: Sendable, Equatable {
    public var ready: Bool
    /// Why not, or the last problem seen (endpoints and causes; never credentials).
    public var detail: String?

    public init(ready: Bool, detail: String? = nil) {
        self.ready = ready
        self.detail = detail
    }

    public static let ready = StoreHealth(ready: true)
}
