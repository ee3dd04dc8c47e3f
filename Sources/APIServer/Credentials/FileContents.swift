#if canImport(Glibc)
import Glibc
#endif

/// Which version of a file we read: a rewrite (new inode), an append (size) or an in-place edit (mtime)
/// all change it, so a writer can tell that someone edited the file since we loaded it.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// Wall-clock nanoseconds since the epoch.
    var modified: Int64

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }

    /// The identity of the file now at `path`, or nil if it cannot be stat'ed.
    static func current(path: String) -> FileIdentity? {
        var st = stat()
        return stat(path, &st) == 0 ? FileIdentity(st) : nil
    }
}

/// A whole small file read through one descriptor, with the identity of exactly the version read.
struct FileContents: Sendable {
    /// Credential files are a few lines per user; anything bigger is a mistake, not a token file.
    static let maxBytes = 16 << 20

    var bytes: [UInt8]
    var identity: FileIdentity

    /// Throws a message naming the failure (the caller adds the path).
    static func read(path: String) throws(FileReadError) -> FileContents {
        // O_NONBLOCK: a FIFO at the path must not hang the server; it is refused below as not a regular file.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileReadError(errno: errno) }
        defer { close(fd) }

        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileReadError(errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileReadError(message: "not a regular file") }
        guard Int64(st.st_size) <= Int64(maxBytes) else {
            throw FileReadError(message: "larger than \(maxBytes >> 20) MiB")
        }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            // The file may grow after fstat; the limit holds for what we actually read.
            guard bytes.count <= maxBytes else { throw FileReadError(message: "larger than \(maxBytes >> 20) MiB") }
        }
        return FileContents(bytes: bytes, identity: FileIdentity(st))
    }
}

public struct FileReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    init(message: String) { self.message = message }
    init(errno code: Int32) { message = errnoText(code) }
}

/// strerror's text, e.g. "No such file or directory".
func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
