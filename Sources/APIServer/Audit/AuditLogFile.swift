#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// The audit log on disk, rotated as kube-apiserver's (lumberjack) rotates it: a line that would take the
/// file past `maxBytes` first renames it to `<name>-<UTC time>.<ext>` (`audit-2026-12-01T02-03-04.000.log`)
/// and starts a new one; then backups beyond `maxBackups` (0: all kept) and older than `maxAgeDays`
/// (0: any age) are removed. Files are 0600. Writer thread only.
final class AuditLogFile: @unchecked Sendable {  // the writer thread alone uses it (stop joins it first)
    let path: String
    let maxBytes: Int
    let maxBackups: Int
    let maxAgeDays: Int
    private var fd: Int32 = -1
    private var size = 0

    init(path: String, maxBytes: Int, maxBackups: Int, maxAgeDays: Int) throws(AuditLogError) {
        self.path = path
        self.maxBytes = maxBytes
        self.maxBackups = maxBackups
        self.maxAgeDays = maxAgeDays
        try open()
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends whole lines (`lineEnds`: where each line of `lines` ends), rotating first when the next
    /// line would take the file past `maxBytes` (a line larger than that alone goes to a fresh file).
    func write(_ lines: [UInt8], lineEnds: [Int]) throws(AuditLogError) {
        var unwritten = 0
        var lineStart = 0
        for end in lineEnds {
            if size + (end - unwritten) > maxBytes && size + (lineStart - unwritten) > 0 {
                try append(lines[unwritten..<lineStart])
                try rotate()
                unwritten = lineStart
            }
            lineStart = end
        }
        try append(lines[unwritten..<lines.count])
    }

    private func append(_ bytes: ArraySlice<UInt8>) throws(AuditLogError) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let n = bytes.withUnsafeBytes {
                Glibc.write(fd, $0.baseAddress! + (offset - bytes.startIndex), bytes.endIndex - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditLogError(path: path, operation: "write", errno: errno)
            }
            offset += n
            size += n
        }
    }

    private func open() throws(AuditLogError) {
        fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AuditLogError(path: path, operation: "open", errno: errno) }
        var st = stat()
        size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }

    func rotate() throws(AuditLogError) {
        close(fd)
        fd = -1
        // Two rotations within a millisecond (tiny files) must not share a name: the later one moves on.
        var nanos = wallClockNanoseconds()
        var backup = Self.backupName(path, nanos: nanos)
        while access(backup, F_OK) == 0 {
            nanos += 1_000_000
            backup = Self.backupName(path, nanos: nanos)
        }
        guard rename(path, backup) == 0 else {
            throw AuditLogError(path: path, operation: "rename to \(backup)", errno: errno)
        }
        try open()
        removeOldBackups()
    }

    /// lumberjack's backupName: the time (UTC, milliseconds) between the name and its extension.
    static func backupName(_ path: String, nanos: Int64) -> String {
        let (directory, file) = split(path)
        let (stem, ext) = extensionSplit(file)
        var t = time_t(nanos / 1_000_000_000)
        var parts = tm()
        gmtime_r(&t, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H-%M-%S", &parts)
        let millis = Int(nanos / 1_000_000 % 1000)
        let stamp =
            String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            + "." + String(repeating: "0", count: 3 - String(millis).count) + String(millis)
        return directory + stem + "-" + stamp + ext
    }

    /// The backups of this log, newest first, with their times (parsed from the names, as lumberjack does).
    func backups() -> [(path: String, time: Int64)] {
        let (directory, file) = Self.split(path)
        let (stem, ext) = Self.extensionSplit(file)
        guard let dir = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(dir) }
        var found: [(String, Int64)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard name.hasPrefix(stem + "-"), name.hasSuffix(ext), name.count > stem.count + 1 + ext.count else {
                continue
            }
            let stamp = String(name.dropFirst(stem.count + 1).dropLast(ext.count))
            if let time = Self.parseStamp(stamp) { found.append((directory + name, time)) }
        }
        return found.sorted { $0.1 > $1.1 }
    }

    private func removeOldBackups() {
        let all = backups()
        var remove: [String] = []
        if maxBackups > 0 { remove += all.dropFirst(maxBackups).map(\.path) }
        if maxAgeDays > 0 {
            let cutoff = wallClockNanoseconds() / 1_000_000_000 - Int64(maxAgeDays) * 86_400
            remove += all.filter { $0.time < cutoff }.map(\.path)
        }
        for file in Set(remove) { unlink(file) }
    }

    /// `2026-12-01T02-03-04.000` → seconds since the epoch (UTC).
    static func parseStamp(_ stamp: String) -> Int64? {
        let digits = stamp.split(whereSeparator: { "-T.".contains($0) }).map { Int($0) }
        guard digits.count == 7, digits.allSatisfy({ $0 != nil }) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(digits[0]! - 1900)
        parts.tm_mon = Int32(digits[1]! - 1)
        parts.tm_mday = Int32(digits[2]!)
        parts.tm_hour = Int32(digits[3]!)
        parts.tm_min = Int32(digits[4]!)
        parts.tm_sec = Int32(digits[5]!)
        return Int64(timegm(&parts))
    }

    /// ("dir/", "file"); the directory keeps its slash ("" for a bare name).
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// Go's filepath.Ext: ("audit", ".log"); no dot, no extension.
    static func extensionSplit(_ file: String) -> (String, String) {
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return (file, "") }
        return (String(file[..<dot]), String(file[dot...]))
    }
}
