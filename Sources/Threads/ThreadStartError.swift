#if canImport(Glibc)
import Glibc
#endif

/// pthread_create refused: the process or the system is out of threads (EAGAIN) or memory.
public struct ThreadStartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// pthread_create's result (an errno value).
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public var description: String { "cannot start a thread: \(String(cString: strerror(code)))" }
}
