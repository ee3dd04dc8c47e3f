#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that a crash at any moment leaves either the old content or the new, never a
/// mix: the new bytes go to a fresh temporary file in the same directory (same file system, so the
/// rename is atomic), are fsync'ed, and only then renamed over the target; the directory is fsync'ed
/// last so the rename itself survives a power loss.
///
/// A crash can leave the temporary file behind. It is named `.<name>.tmp-<random>`, so nothing that
/// opens the real path ever reads it, and the next write does not reuse it.
///
/// A symbolic link at the path is followed: the file it points to is replaced and the link kept.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(AtomicFileError) {
        try write(bytes, to: path, mode: mode, beforeRename: { _ throws(AtomicFileError) in })
    }

    /// `beforeRename` runs once the temporary file is complete and synced, with its path: tests use it to
    /// look at the state a crash at that moment would leave, and throw to abort the write there.
    static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t,
        beforeRename: (_ temporaryPath: String) throws(AtomicFileError) -> Void
    ) throws(AtomicFileError) {
        let target = resolvedTarget(path)
        let (directory, name) = split(target)
        let (fd, temporary) = try createTemporary(directory: directory, name: name, mode: mode, reportAs: path)

        do throws(AtomicFileError) {
            try fill(fd, with: bytes, mode: mode, reportAs: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw AtomicFileError(path: temporary, step: .close, errno: code)
        }

        do throws(AtomicFileError) {
            try beforeRename(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw AtomicFileError(path: target, step: .rename, errno: code)
        }
        try syncDirectory(directory)
    }

    /// The path itself, or the file a symbolic link there points to.
    private static func resolvedTarget(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else {
            return path
        }
        defer { free(real) }
        return String(cString: real)
    }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// O_EXCL: never open a file someone else created (or a planted symlink); retry on a name clash.
    private static func createTemporary(
        directory: String, name: String, mode: mode_t,
        reportAs path: String
    ) throws(AtomicFileError) -> (Int32, String) {
        var lastError: Int32 = EEXIST
        for attempt in 0..<8 {
            let suffix = SecureRandom.bytes(8).map { Fingerprint.hex($0) } ?? "\(getpid())-\(attempt)"
            let temporary = "\(directory)/.\(name).tmp-\(suffix)"
            let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, temporary) }
            lastError = errno
            if lastError != EEXIST && lastError != EINTR { break }
        }
        throw AtomicFileError(path: path, step: .createTemporary, errno: lastError)
    }

    /// fchmod because open's mode is filtered by the umask: the file gets exactly `mode`.
    private static func fill(_ fd: Int32, with bytes: [UInt8], mode: mode_t, reportAs path: String)
        throws(AtomicFileError)
    {
        guard fchmod(fd, mode) == 0 else { throw AtomicFileError(path: path, step: .chmod, errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: path, step: .write, errno: errno)
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw AtomicFileError(path: path, step: .sync, errno: errno) }
    }

    /// After the rename: the new file is already what readers see, so a failure here only means the
    /// rename may not survive a power loss; the error says so (`targetReplaced`).
    private static func syncDirectory(_ directory: String) throws(AtomicFileError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw AtomicFileError(path: directory, step: .syncDirectory, errno: errno) }
        defer { close(fd) }
        // Some file systems cannot fsync a directory (EINVAL); there is nothing more to make durable.
        guard fsync(fd) == 0 || errno == EINVAL else {
            throw AtomicFileError(path: directory, step: .syncDirectory, errno: errno)
        }
    }
}

public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Step: String, Sendable, Equatable {
        case createTemporary = "create a temporary file for"
        case chmod = "set the mode of"
        case write = "write"
        case sync = "fsync"
        case close = "close"
        case rename = "rename over"
        case syncDirectory = "fsync the directory"
    }

    public var path: String
    public var step: Step
    public var errno: Int32

    public init(path: String, step: Step, errno: Int32) {
        self.path = path
        self.step = step
        self.errno = errno
    }

    /// True when the new content is already in place (only the directory fsync failed).
    public var targetReplaced: Bool { step == .syncDirectory }

    public var description: String { "cannot \(step.rawValue) \(path): \(errnoText(errno))" }
}
