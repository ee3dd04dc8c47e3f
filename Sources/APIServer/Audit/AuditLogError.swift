#if canImport(Glibc)
import Glibc
#endif

/// The audit log could not be opened, written or rotated.
public struct AuditLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32
    public var description: String { "audit log \(path): cannot \(operation): \(String(cString: strerror(errno)))" }
}
