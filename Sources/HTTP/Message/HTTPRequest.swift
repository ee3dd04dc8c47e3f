#if canImport(Glibc)
import Glibc
#endif

/// A complete request as read off the wire: head plus the decoded body.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request-target exactly as sent (origin-form for almost every client).
    public var target: String { didSet { questionMark = Self.questionMark(in: target) } }
    /// Where the query starts: `path` and `query` are read many times per request (router, filters,
    /// observers), so the target is scanned once.
    private var questionMark: String.Index?
    public var version: HTTPVersion
    /// Field names lower-cased.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// False when the client asked to close (Connection: close, or HTTP/1.0 without keep-alive).
    public var keepAlive: Bool

    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], keepAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        self.questionMark = Self.questionMark(in: target)
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// The path part of the target, still percent-encoded.
    public var path: Substring {
        if let q = questionMark { return target[..<q] }
        return target[...]
    }

    /// The query part of the target without `?`, or nil.
    public var query: Substring? {
        guard let q = questionMark else { return nil }
        return target[target.utf8.index(after: q)...]
    }

    /// memchr on the target's contiguous bytes: the generic `firstIndex(of:)` on the UTF-8 view walked the
    /// target index by index, about a thousand instructions per request.
    private static func questionMark(in target: String) -> String.Index? {
        var target = target
        let offset = target.withUTF8 { bytes -> Int? in
            guard let base = bytes.baseAddress, let hit = memchr(base, Int32(UInt8(ascii: "?")), bytes.count) else {
                return nil
            }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        }
        guard let offset else { return nil }
        return target.utf8.index(target.utf8.startIndex, offsetBy: offset)
    }

    public var isHead: Bool { method == "HEAD" }

    /// Whether the path starts with `prefix`, compared as bytes on the path's contiguous storage: routers
    /// ask this of every request, and the generic prefix test walks the UTF-8 view index by index.
    public func pathHasPrefix(_ prefix: StaticString) -> Bool {
        let wanted = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        let path = path.utf8
        return path.withContiguousStorageIfAvailable { $0.starts(with: wanted) } ?? path.starts(with: wanted)
    }
}

public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public var description: String { "HTTP/\(major).\(minor)" }
}
