/// One fuzz target: a name (`json`, `patch`, ...) and the check run on every input. The check returns
/// quietly for input it rejects as it should, and throws when an invariant breaks; the libFuzzer harness
/// (share/fuzz/APIFuzzer.swift) turns a throw into a crash, and `swift test` replays every committed
/// corpus and crash input through the same checks.
public struct FuzzTarget: Sendable {
    public let name: String
    public let summary: String
    public let check: @Sendable ([UInt8]) throws(FuzzFailure) -> Void

    public init(_ name: String, _ summary: String, _ check: @escaping @Sendable ([UInt8]) throws(FuzzFailure) -> Void) {
        self.name = name
        self.summary = summary
        self.check = check
    }

    public static let all: [FuzzTarget] = [
        FuzzTarget(
            "http", "HTTP/1.1 request parser: the same events and leftover whole, split and byte by byte; limits kept",
            HTTPParserChecks.check),
        FuzzTarget(
            "json", "JSON parser: what parses writes back and parses to the same value; writing is stable",
            JSONChecks.check),
        FuzzTarget(
            "protobuf",
            "protobuf decoder with the k8s\\0 envelope: deterministic, an object of the envelope's kind, JSON that round-trips",
            ProtobufChecks.check),
        FuzzTarget(
            "abac-policy",
            "ABAC policy file, both forms: every rule read back from its v1beta1 and (when it has one) its flat line",
            PolicyChecks.check),
        FuzzTarget(
            "credentials-csv", "token and basic-auth CSV: what parses renders and parses to the same records",
            CredentialCSVChecks.check),
        FuzzTarget(
            "selectors",
            "label and field selectors: a selector written back parses to the same one and matches the same labels",
            SelectorChecks.check),
        FuzzTarget(
            "continue-token", "continue tokens: what decodes encodes and decodes to the same position",
            ContinueTokenChecks.check),
        FuzzTarget(
            "patch",
            "JSON, merge and strategic merge patches on a document: deterministic, objects that round-trip, merge patches idempotent",
            PatchChecks.check),
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
