import HTTP
import KubeAPI
import Storage

/// Answers in the format the request negotiated (ResponseFormat): stored JSON as it is, or protobuf, which
/// each object version encodes once and keeps (StoredObject.alternateEncoding), as it keeps its JSON. Kinds
/// without a protobuf schema, and Tables, are answered in JSON.
enum ResourceResponses {
    static let protobufContentType = ProtobufEncoder.contentType

    /// A stored object.
    static func object(_ status: HTTPStatus, _ object: StoredObject, _ format: ResponseFormat, warnings: [String] = [])
        -> HTTPResponse
    {
        if format == .protobuf, let encoded = envelope(object) { return protobuf(status, encoded, warnings: warnings) }
        return ResourceHandler.json(status, object.value, warnings: warnings)
    }

    /// An object that is not stored (a dry run, a Scale, a Status).
    static func object(_ status: HTTPStatus, _ object: JSONValue, _ format: ResponseFormat, warnings: [String] = [])
        -> HTTPResponse
    {
        if format == .protobuf, let encoded = ProtobufEncoder.envelope(object) {
            return protobuf(status, encoded, warnings: warnings)
        }
        return ResourceHandler.json(status, object.bytes, warnings: warnings)
    }

    /// A failure: the Status in the negotiated format, with Retry-After when it carries one.
    static func failure(_ error: StatusError, _ format: ResponseFormat) -> HTTPResponse {
        guard format == .protobuf, let status = try? JSONParser.parse(error.json),
            let encoded = ProtobufEncoder.envelope(status)
        else {
            return error.response
        }
        var response = protobuf(HTTPStatus(code: error.code), encoded)
        if let retry = error.retryAfterSeconds { response.headers.add("Retry-After", String(retry)) }
        return response
    }

    /// Whether the resource's kind has a protobuf schema (otherwise it is answered in JSON whatever Accept says).
    static func hasProtobuf(_ resource: ResourceInfo) -> Bool {
        SchemaRegistry.shared.message(apiVersion: resource.apiVersion, kind: resource.kind) != nil
    }

    /// The protobuf envelope of a stored version, encoded on first use and kept with it. Inlined: on every
    /// protobuf read it is a load and a retain, less than the call.
    @inline(__always) static func envelope(_ object: StoredObject) -> [UInt8]? {
        object.alternateEncoding { (try? JSONParser.parse(object.value)).flatMap(ProtobufEncoder.envelope) }
    }

    /// A list of stored objects (`PodList`...), its items spliced from their stored bytes or encodings.
    static func list(
        _ resource: ResourceInfo, _ items: [StoredObject], resourceVersion: String, continueToken: String?,
        _ format: ResponseFormat
    ) -> HTTPResponse {
        if format == .protobuf, hasProtobuf(resource) {
            let envelopes = items.compactMap(envelope)
            if envelopes.count == items.count {
                return protobuf(
                    .ok,
                    ProtobufEncoder.list(
                        apiVersion: resource.apiVersion, kind: resource.listKind, resourceVersion: resourceVersion,
                        continueToken: continueToken, itemEnvelopes: envelopes))
            }
        }
        // Written from the stored bytes as the client reads: nothing is re-encoded or assembled.
        return JSONListBody(
            listKind: resource.listKind, apiVersion: resource.apiVersion, resourceVersion: resourceVersion,
            continueToken: continueToken, items: items
        ).response
    }

    /// Made once: every protobuf answer starts from these headers (a copy of a shared array, not a new one).
    static let protobufHeaders = HTTPHeaders([("Content-Type", "application/vnd.kubernetes.protobuf")])

    /// The body is taken, not borrowed: every caller hands over bytes it got as its own (an encoding kept
    /// with the object comes back retained), which then go into the response without another retain.
    static func protobuf(_ status: HTTPStatus, _ body: consuming [UInt8], warnings: [String] = []) -> HTTPResponse {
        var headers = protobufHeaders
        for warning in warnings { headers.add("Warning", "299 - \(JSON.quote(warning))") }
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
