/// Why a request could not be read. Each maps to one status; the connection is closed after answering.
public enum HTTPParseError: Error, Equatable, Sendable {
    /// Malformed syntax or ambiguous framing (request smuggling shapes included). 400.
    case badRequest(String)
    /// Request line plus headers beyond `HTTPLimits.maxHeaderBytes`, or too many fields. 431.
    case headerTooLarge
    /// Declared or decoded body beyond `HTTPLimits.maxBodyBytes`. 413.
    case bodyTooLarge
    /// A well-formed HTTP version other than 1.0 and 1.1. 505.
    case versionNotSupported
    /// A transfer coding other than chunked. 501.
    case unsupportedTransferCoding(String)
    /// An Expect value other than 100-continue. 417.
    case expectationFailed
    /// The header did not arrive within the header-read timeout. 408.
    case headerTimeout

    public var status: HTTPStatus {
        switch self {
        case .badRequest: return .badRequest
        case .headerTooLarge: return .requestHeaderFieldsTooLarge
        case .bodyTooLarge: return .payloadTooLarge
        case .versionNotSupported: return .httpVersionNotSupported
        case .unsupportedTransferCoding: return .notImplemented
        case .expectationFailed: return .expectationFailed
        case .headerTimeout: return .requestTimeout
        }
    }

    /// One line for the client and the logs.
    public var message: String {
        switch self {
        case .badRequest(let why): return "bad request: \(why)"
        case .headerTooLarge: return "request header fields too large"
        case .bodyTooLarge: return "request entity too large"
        case .versionNotSupported: return "HTTP version not supported"
        case .unsupportedTransferCoding(let coding): return "unsupported transfer coding: \(coding)"
        case .expectationFailed: return "only Expect: 100-continue is supported"
        case .headerTimeout: return "timed out reading the request header"
        }
    }
}
