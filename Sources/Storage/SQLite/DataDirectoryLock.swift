#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One server per data directory: a second process would hold its own cache and hand out the same
/// revisions. A POSIX lock on a file beside the database; the kernel drops it when the process dies,
/// so a crash never leaves the directory locked.
final class DataDirectoryLock: Sendable {
    private let fd: Atomic<Int32>

    init(directory: String) throws(StoreError) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw .storage("create data directory \(directory): \(String(cString: strerror(errno)))")
        }
        let path = directory + "/store.lock"
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else { throw .storage("open \(path): \(String(cString: strerror(errno)))") }
        guard lockf(opened, F_TLOCK, 0) == 0 else {
            let reason = String(cString: strerror(errno))
            close(opened)
            throw .storage("data directory \(directory) is in use by another process (\(reason))")
        }
        fd = Atomic(opened)
    }

    /// Closing the file drops the lock. Idempotent.
    func release() {
        let opened = fd.exchange(-1, ordering: .acquiringAndReleasing)
        if opened >= 0 { close(opened) }
    }

    deinit { release() }
}
