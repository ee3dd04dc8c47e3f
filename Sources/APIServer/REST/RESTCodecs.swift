import HTTP
import KubeAPI

/// The seams between the REST handlers and the pieces that translate around them: protobuf bodies, patches,
/// Tables, strict field validation. Each is a function so the handlers can be tested with stand-ins.
public struct RESTCodecs: Sendable {
    /// A `k8s\0` protobuf envelope → the object as JSON (apiVersion and kind set).
    public var decodeProtobuf: @Sendable ([UInt8]) throws -> JSONValue
    /// (patch content type, patch bytes, current object, kind) → patched object; errors are Status errors.
    public var patch: @Sendable (String, [UInt8], JSONValue, String) throws -> JSONValue
    /// (resource, objects, wall-clock now, includeObject, resourceVersion, continue) → a meta.k8s.io/v1 Table.
    public var table: @Sendable (ResourceInfo, [JSONValue], Int64, String, String, String?) -> JSONValue
    /// (object, apiVersion, kind) → its unknown or duplicate fields as kube reports them: the Strict 400
    /// message and the Warn warnings; nil when there are none.
    public var fieldProblems: @Sendable (JSONValue, String, String) -> (strict: String, warnings: [String])?

    public init(decodeProtobuf: @escaping @Sendable ([UInt8]) throws -> JSONValue,
                patch: @escaping @Sendable (String, [UInt8], JSONValue, String) throws -> JSONValue,
                table: @escaping @Sendable (ResourceInfo, [JSONValue], Int64, String, String, String?) -> JSONValue,
                fieldProblems: @escaping @Sendable (JSONValue, String, String) -> (strict: String, warnings: [String])?) {
        self.decodeProtobuf = decodeProtobuf
        self.patch = patch
        self.table = table
        self.fieldProblems = fieldProblems
    }

    /// Stand-ins that refuse what they cannot do.
    public static let minimal = RESTCodecs(
        decodeProtobuf: { _ in throw StatusError.unsupportedMediaType("application/vnd.kubernetes.protobuf") },
        patch: { type, _, _, _ in throw StatusError.unsupportedMediaType(type) },
        table: { _, _, _, _, _, _ in .object([("kind", .string("Table")), ("apiVersion", .string("meta.k8s.io/v1")), ("rows", .array([]))]) },
        fieldProblems: { _, _, _ in nil })
}

/// Media types the API reads and writes.
enum MediaType {
    static let json = "application/json"
    static let protobuf = "application/vnd.kubernetes.protobuf"

    /// The type part of a Content-Type, lower-cased, parameters dropped. Every write asks, so ASCII
    /// headers (all real ones) are done on their bytes; Foundation's trimming was a few percent of a create.
    static func essence(_ header: String?) -> String {
        guard var header else { return "" }
        let ascii = header.withUTF8 { bytes -> String? in
            // The first non-empty piece between semicolons, as split(separator:) finds it.
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: ";") { start += 1 }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard !bytes[start..<end].contains(where: { $0 >= 0x80 }) else { return nil }
            let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            while start < end, blank(bytes[start]) { start += 1 }
            while end > start, blank(bytes[end - 1]) { end -= 1 }
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let upper: (UInt8) -> Bool = { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            guard piece.contains(where: upper) else { return String(decoding: piece, as: UTF8.self) }
            return String(decoding: piece.map { upper($0) ? $0 + 32 : $0 }, as: UTF8.self)
        }
        return ascii ?? String(header.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Whether the client asked for a Table (`application/json;as=Table;v=v1;g=meta.k8s.io`).
    static func wantsTable(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { part in
            let params = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            return params.contains("as=Table") && (params.contains("g=meta.k8s.io") || !params.contains { $0.hasPrefix("g=") })
        }
    }
}
