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

    public init(
        decodeProtobuf: @escaping @Sendable ([UInt8]) throws -> JSONValue,
        patch: @escaping @Sendable (String, [UInt8], JSONValue, String) throws -> JSONValue,
        table: @escaping @Sendable (ResourceInfo, [JSONValue], Int64, String, String, String?) -> JSONValue,
        fieldProblems: @escaping @Sendable (JSONValue, String, String) -> (strict: String, warnings: [String])?
    ) {
        self.decodeProtobuf = decodeProtobuf
        self.patch = patch
        self.table = table
        self.fieldProblems = fieldProblems
    }

    /// Stand-ins that refuse what they cannot do.
    public static let minimal = RESTCodecs(
        decodeProtobuf: { _ in throw StatusError.unsupportedMediaType("application/vnd.kubernetes.protobuf") },
        patch: { type, _, _, _ in throw StatusError.unsupportedMediaType(type) },
        table: { _, _, _, _, _, _ in
            .object([("kind", .string("Table")), ("apiVersion", .string("meta.k8s.io/v1")), ("rows", .array([]))])
        },
        fieldProblems: { _, _, _ in nil })
}

extension RESTCodecs {
    /// The codecs the server runs with.
    static var standard: RESTCodecs {
        var codecs = RESTCodecs.minimal
        codecs.patch = Patcher.codec
        codecs.decodeProtobuf = { body in
            do { return try ProtobufDecoder.decode(body) } catch {
                throw StatusError.badRequest("unable to decode the protobuf body: \(error)")
            }
        }
        codecs.fieldProblems = { object, apiVersion, kind in
            guard let problems = SchemaValidator.problems(in: object, apiVersion: apiVersion, kind: kind),
                !problems.isEmpty
            else { return nil }
            return (
                SchemaValidator.strictMessage(kind: kind, apiVersion: apiVersion, problems: problems),
                SchemaValidator.warnings(problems)
            )
        }
        codecs.table = { resource, objects, now, includeObject, resourceVersion, continueToken in
            TablePrinter.table(
                resource: resource.name, objects: objects, now: now, includeObject: includeObject,
                resourceVersion: resourceVersion, continueToken: continueToken)
        }
        return codecs
    }
}
