#if canImport(Glibc)
import Glibc
#endif

/// This machine's host name (gethostname), as identity leases, the console header and the serving
/// certificate's names use it.
public enum HostName {
    public static var current: String {
        var buffer = [CChar](repeating: 0, count: Int(HOST_NAME_MAX) + 1)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
