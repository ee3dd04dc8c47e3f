#if canImport(Glibc)
import Glibc
#endif

/// The few file-system questions the server and the console ask, answered with POSIX calls: the server
/// does not link Foundation (its FileManager alone was about a megabyte of resident pages).
public enum LocalFiles {
    /// Whether anything (file, directory, socket) is at `path`; a dangling symlink counts as nothing.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// A small regular file's bytes (FileContents' limit), or nil when it cannot be read.
    public static func contents(_ path: String) -> [UInt8]? {
        try? FileContents.read(path: path).bytes
    }

    /// `mkdir -p` with `mode` for the directories it creates; throws the errno of the step that failed, or
    /// ENOTDIR when something other than a directory is at `path`.
    public static func createDirectory(_ path: String, mode: mode_t = 0o700) throws(FileReadError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            guard mkdir(built, mode) == 0 || errno == EEXIST else { throw FileReadError(errno: errno) }
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw FileReadError(errno: errno) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw FileReadError(errno: ENOTDIR) }
    }
}

extension LocalFiles {
    /// `path` made absolute (against the working directory) with `.`, `..` and repeated or trailing
    /// slashes taken out, symlinks left as they are: what Foundation's `standardizedFileURL.path` gives.
    public static func absolutePath(_ path: String) -> String {
        var base = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd =
                getcwd(&buffer, buffer.count) != nil
                ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/"
            base = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in base.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// An environment variable's value, nil when unset.
public func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
