/// A request as the client writes it: method, path (with query), extra header fields and a body sent
/// with Content-Length. Host, Content-Length and Connection are the client's to write.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String = "GET", path: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// A POST of a JSON document.
    public static func postJSON(_ path: String, _ body: [UInt8]) -> HTTPClientRequest {
        HTTPClientRequest(
            method: "POST", path: path, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }

    /// The bytes on the wire, head and body in one buffer (one write).
    func serialized(authority: String) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(authority)\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var out = Array(head.utf8)
        out.reserveCapacity(out.count + body.count)
        out += body
        return out
    }
}
