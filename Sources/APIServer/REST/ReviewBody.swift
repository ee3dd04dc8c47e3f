import HTTP
import KubeAPI

/// The body of a review (access, rules, token, self): JSON or a protobuf envelope, as any create. Reviews
/// are answered, never stored.
enum ReviewBody {
    static func decode(_ exchange: Exchange, _ decodeProtobuf: @Sendable ([UInt8]) throws -> JSONValue) throws
        -> JSONValue
    {
        let value: JSONValue
        switch MediaType.essence(exchange.request.headers["content-type"]) {
        case "", MediaType.json:
            do { value = try JSONParser.parse(exchange.request.body) } catch {
                throw StatusError.badRequest("error decoding request body: \(error)")
            }
        case MediaType.protobuf:
            value = try decodeProtobuf(exchange.request.body)
        case let other:
            throw StatusError.unsupportedMediaType(other)
        }
        guard value.members != nil else {
            throw StatusError.badRequest("the body of the request must be a JSON object")
        }
        return value
    }

    /// The answer, created (201): the review with its resource's kind and apiVersion first, its metadata and
    /// spec as sent (`creationTimestamp: null` dropped, as a client's unset time) and the server's `status`.
    static func answer(_ review: JSONValue, _ resource: ResourceInfo, status: JSONValue) -> HTTPResponse {
        var metadata = review["metadata"]?.members != nil ? review["metadata"]! : .object([])
        if metadata["creationTimestamp"]?.isNull == true { metadata.set("creationTimestamp", nil) }
        var members: [(key: String, value: JSONValue)] = [
            ("kind", .string(resource.kind)), ("apiVersion", .string(resource.apiVersion)),
            ("metadata", metadata),
        ]
        members += (review.members ?? []).filter { !["kind", "apiVersion", "metadata", "status"].contains($0.key) }
        members.append(("status", status))
        return ResourceHandler.json(.created, JSONValue.object(members).bytes)
    }
}
