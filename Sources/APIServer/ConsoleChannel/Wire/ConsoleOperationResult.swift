import KubeAPI

/// The answer to an operation (HTTP 200): done or refused, in words, with what it produced: new tokens
/// (shown once: they are nowhere else on the wire) and counts (rules or users loaded). HTTP-level
/// refusals (401, 403, 400, 404) are Kubernetes `Status` objects instead.
public struct ConsoleOperationResult: Sendable, Equatable {
    public static let kind = "ConsoleOperationResult"

    public enum Outcome: String, Sendable {
        case done
        case refused
    }

    public var operation: String
    public var outcome: Outcome
    public var message: String
    /// User → new token, for rotations.
    public var tokens: [String: String]
    /// Rules (policy reload) or users (token reload) in force after a reload.
    public var count: Int?

    public init(operation: String, outcome: Outcome, message: String, tokens: [String: String] = [:], count: Int? = nil)
    {
        self.operation = operation
        self.outcome = outcome
        self.message = message
        self.tokens = tokens
        self.count = count
    }

    public var bytes: [UInt8] {
        JSONValue.object([
            ("kind", .string(Self.kind)), ("format", WireJSON.int(ConsoleWire.formatVersion)),
            ("operation", .string(operation)),
            ("outcome", .string(outcome.rawValue)), ("message", .string(message)),
            ("tokens", .object(tokens.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("count", count.map(WireJSON.int) ?? .null),
        ]).bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(ConsoleWireError) -> ConsoleOperationResult {
        let o = try WireObject.parse(bytes, what: "result")
        guard try o.string("kind") == kind else { throw ConsoleWireError("kind: expected \(kind)") }
        var tokens: [String: String] = [:]
        for (user, value) in try o.object("tokens").value.members ?? [] {
            guard let token = value.string else { throw ConsoleWireError("tokens.\(user): expected a string") }
            tokens[user] = token
        }
        return ConsoleOperationResult(
            operation: try o.string("operation"), outcome: try o.enumeration("outcome", Outcome.init(rawValue:)),
            message: try o.string("message"), tokens: tokens,
            count: o.value["count"].flatMap { $0.isNull ? nil : $0.int })
    }
}
