/// A whole response: status, header fields, the body with any chunked framing removed.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
}
