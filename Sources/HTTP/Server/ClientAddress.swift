#if canImport(Glibc)
import Glibc
#endif

/// A peer's IP address as a small hashable value (no text formatting), for counting connections per
/// client. The port is left out: one host is one client however many sockets it opens.
struct ClientAddress: Hashable, Sendable {
    private let high: UInt64
    private let low: UInt64

    init(_ storage: sockaddr_storage) {
        var s = storage
        switch Int32(s.ss_family) {
        case AF_INET:
            let v4 = withUnsafePointer(to: &s) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            }
            high = 4
            low = UInt64(v4)
        case AF_INET6:
            let bytes = withUnsafePointer(to: &s) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                }
            }
            high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        default:
            high = 0
            low = 0
        }
    }
}
