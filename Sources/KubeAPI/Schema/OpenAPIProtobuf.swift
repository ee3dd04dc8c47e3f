/// `/openapi/v2` in protobuf (gnostic's openapi_v2.Document), the form client-go asks for
/// (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`) and the only one it can read.
/// kubectl needs it for client-side validation, which it falls back to when a kind's PATCH operation does
/// not list `fieldValidation` (`kind: List` manifests, the access reviews).
extension OpenAPI {
    /// What client-go puts in Accept for /openapi/v2.
    public static let v2ProtobufMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
    /// The Content-Type to answer with, as kube-apiserver does: Go's mime parser rejects the `@` form.
    public static let v2ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

    /// The Swagger 2.0 document as gnostic protobuf.
    public static func v2Protobuf() -> [UInt8] { cachedProtobuf }

    static let cachedProtobuf: [UInt8] = {
        guard let doc = try? JSONParser.parse(cached.v2) else { return [] }
        var w = ProtobufWriter()
        GnosticV2.document(doc, &w)
        return w.bytes
    }()
}

/// Field numbers from gnostic's OpenAPIv2.proto.
enum GnosticV2 {
    static func document(_ doc: JSONValue, _ w: inout ProtobufWriter) {
        w.string(1, doc["swagger"]?.string)
        w.message(2) { info in
            info.string(1, doc[["info", "title"]]?.string); info.string(2, doc[["info", "version"]]?.string)
        }
        w.message(8) { paths in
            for (path, item) in doc["paths"]?.members ?? [] {
                paths.message(2) { named in
                    named.string(1, path); named.message(2) { pathItem(item, &$0) }
                }
            }
        }
        w.message(9) { definitions in named(doc["definitions"], 1, &definitions) }
        for requirement in doc["security"]?.array ?? [] {
            w.message(12) { r in
                for (name, _) in requirement.members ?? [] {
                    r.message(1) {
                        $0.string(1, name); $0.message(2) { _ in }
                    }
                }
            }
        }
        w.message(13) { definitions in
            for (name, scheme) in doc["securityDefinitions"]?.members ?? [] {
                definitions.message(1) { named in
                    named.string(1, name)
                    named.message(2) { item in
                        item.message(2) { key in
                            key.string(1, scheme["type"]?.string); key.string(2, scheme["name"]?.string)
                            key.string(3, scheme["in"]?.string); key.string(4, scheme["description"]?.string)
                        }
                    }
                }
            }
        }
    }

    /// A map of schemas as repeated NamedSchema at `number`.
    static func named(_ schemas: JSONValue?, _ number: Int, _ w: inout ProtobufWriter) {
        for (name, value) in schemas?.members ?? [] {
            w.message(number) { named in
                named.string(1, name); named.message(2) { schema(value, &$0) }
            }
        }
    }

    static func pathItem(_ item: JSONValue, _ w: inout ProtobufWriter) {
        for (method, number) in [("get", 2), ("put", 3), ("post", 4), ("delete", 5), ("patch", 8)] {
            if let op = item[method] { w.message(number) { operation(op, &$0) } }
        }
        for p in item["parameters"]?.array ?? [] { w.message(9) { parameter(p, &$0) } }
    }

    static func operation(_ op: JSONValue, _ w: inout ProtobufWriter) {
        for tag in op["tags"]?.array ?? [] { w.string(1, tag.string) }
        w.string(3, op["description"]?.string)
        w.string(5, op["operationId"]?.string)
        for type in op["produces"]?.array ?? [] { w.string(6, type.string) }
        for type in op["consumes"]?.array ?? [] { w.string(7, type.string) }
        for p in op["parameters"]?.array ?? [] { w.message(8) { parameter(p, &$0) } }
        w.message(9) { responses in
            for (code, response) in op["responses"]?.members ?? [] {
                responses.message(1) { named in
                    named.string(1, code)
                    named.message(2) { value in
                        value.message(1) { r in
                            r.string(1, response["description"]?.string)
                            if let s = response["schema"] {
                                r.message(2) { item in item.message(1) { schema(s, &$0) } }
                            }
                        }
                    }
                }
            }
        }
        for scheme in op["schemes"]?.array ?? [] { w.string(10, scheme.string) }
        extensions(op, 13, &w)
    }

    /// ParametersItem → Parameter → BodyParameter | NonBodyParameter (query or path).
    static func parameter(_ p: JSONValue, _ w: inout ProtobufWriter) {
        w.message(1) { parameter in
            if p["in"]?.string == "body" {
                parameter.message(1) { body in
                    body.string(1, p["description"]?.string); body.string(2, p["name"]?.string); body.string(3, "body")
                    body.bool(4, p["required"]?.bool)
                    if let s = p["schema"] { body.message(5) { schema(s, &$0) } }
                }
                return
            }
            let path = p["in"]?.string == "path"
            parameter.message(2) { nonBody in
                nonBody.message(path ? 4 : 3) { sub in
                    sub.bool(1, p["required"]?.bool); sub.string(2, p["in"]?.string)
                    sub.string(3, p["description"]?.string); sub.string(4, p["name"]?.string)
                    sub.string(path ? 5 : 6, p["type"]?.string); sub.bool(path ? 19 : 20, p["uniqueItems"]?.bool)
                }
            }
        }
    }

    static func schema(_ s: JSONValue, _ w: inout ProtobufWriter) {
        w.string(1, s["$ref"]?.string)
        w.string(2, s["format"]?.string)
        w.string(4, s["description"]?.string)
        for name in s["required"]?.array ?? [] { w.string(19, name.string) }
        if let extra = s["additionalProperties"] { w.message(21) { item in item.message(1) { schema(extra, &$0) } } }
        if let type = s["type"]?.string { w.message(22) { $0.string(1, type) } }
        if let items = s["items"] { w.message(23) { item in item.message(1) { schema(items, &$0) } } }
        for part in s["allOf"]?.array ?? [] { w.message(24) { schema(part, &$0) } }
        if let properties = s["properties"] { w.message(25) { named(properties, 1, &$0) } }
        extensions(s, 31, &w)
    }

    /// `x-` members as NamedAny whose Any carries the value as YAML (JSON is YAML).
    static func extensions(_ object: JSONValue, _ number: Int, _ w: inout ProtobufWriter) {
        for (key, value) in object.members ?? [] where key.hasPrefix("x-") {
            w.message(number) { named in
                named.string(1, key); named.message(2) { $0.string(2, value.text + "\n") }
            }
        }
    }
}
