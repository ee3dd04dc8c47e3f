#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole policy file, with errno's words when it cannot, so a refused reload says why.
enum PolicyFile {
    /// Far beyond any real policy; it stops a mistaken path such as /dev/zero from eating memory.
    static let maxBytes = 16 << 20

    static func contents(of path: String, maxBytes: Int = maxBytes) throws(PolicyError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read")
            }
            bytes.append(contentsOf: chunk[..<n])
            guard bytes.count <= maxBytes else {
                throw PolicyError(file: path, line: 0, message: "larger than \(maxBytes) bytes; not a policy file?")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func failure(_ path: String, _ what: String) -> PolicyError {
        let reason = String(cString: strerror(errno))
        return PolicyError(file: path, line: 0, message: "\(what): \(reason)")
    }
}
