import Testing
@testable import APIServer

/// A policy line and the rule kube-apiserver would hold after decoding (and, for the flat form, converting) it.
struct ConversionCase: Sendable, CustomTestStringConvertible {
    var line: String
    var rule: PolicyRule
    var testDescription: String { line }
}

/// A broken policy file and the error it must be refused with.
struct ParseErrorCase: Sendable, CustomTestStringConvertible {
    var contents: String
    var line: Int
    var message: String
    var testDescription: String { message }
}

@Suite("Authorization: parsing ABAC policy files")
struct AuthorizationPolicyParsingTests {
    static let v1beta1 = #""apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy""#
    static let everyone = "system:authenticated"

    static func onlyRule(_ line: String) throws -> PolicyRule {
        let policy = try ABACPolicy.parse(line, file: "p.jsonl")
        try #require(policy.rules.count == 1)
        return policy.rules[0]
    }

    // pkg/apis/abac/v0/conversion.go, case by case.
    static let flatCases: [ConversionCase] = [
        ConversionCase(
            line: #"{"user":"alice"}"#,
            rule: PolicyRule(
                line: 1, user: "alice", apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        ConversionCase(
            line: #"{"readonly":true}"#,
            rule: PolicyRule(
                line: 1, group: everyone, readonly: true, apiGroup: "*", namespace: "*", resource: "*",
                nonResourcePath: "*")),
        ConversionCase(
            line: #"{}"#,
            rule: PolicyRule(
                line: 1, group: everyone, apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        // "*" for either subject makes the rule everyone's, dropping the other subject.
        ConversionCase(
            line: #"{"user":"*","group":"admins"}"#,
            rule: PolicyRule(
                line: 1, group: everyone, apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        ConversionCase(
            line: #"{"user":"bob","group":"*"}"#,
            rule: PolicyRule(
                line: 1, group: everyone, apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        // Naming a namespace or a resource takes the non-resource paths away.
        ConversionCase(
            line: #"{"user":"bob","namespace":"projectCaribou","resource":"pods","readonly":true}"#,
            rule: PolicyRule(
                line: 1, user: "bob", readonly: true, apiGroup: "*", namespace: "projectCaribou", resource: "pods")),
        ConversionCase(
            line: #"{"group":"dev","resource":"pods"}"#,
            rule: PolicyRule(
                line: 1, group: "dev", apiGroup: "*", namespace: "*", resource: "pods")),
        ConversionCase(
            line: #"{"user":"kubelet","namespace":"kube-system"}"#,
            rule: PolicyRule(
                line: 1, user: "kubelet", apiGroup: "*", namespace: "kube-system", resource: "*")),
        // Explicit nulls and false read as absent, as in Go.
        ConversionCase(
            line: #"{"user":"bob","group":null,"readonly":false}"#,
            rule: PolicyRule(
                line: 1, user: "bob", apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        // The flat form may carry the v0 type, or just the kind.
        ConversionCase(
            line: #"{"apiVersion":"abac.authorization.kubernetes.io/v0","kind":"Policy","user":"a"}"#,
            rule: PolicyRule(
                line: 1, user: "a", apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        ConversionCase(
            line: #"{"apiVersion":"abac.authorization.kubernetes.io/v0","user":"a"}"#,
            rule: PolicyRule(
                line: 1, user: "a", apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
        ConversionCase(
            line: #"  {"kind":"Policy", "user" : "a"}  "#,
            rule: PolicyRule(
                line: 1, user: "a", apiGroup: "*", namespace: "*", resource: "*", nonResourcePath: "*")),
    ]

    static let versionedCases: [ConversionCase] = [
        ConversionCase(
            line:
                "{\(v1beta1),\"spec\":{\"user\":\"alice\",\"namespace\":\"*\",\"resource\":\"*\",\"apiGroup\":\"*\"}}",
            rule: PolicyRule(line: 1, user: "alice", apiGroup: "*", namespace: "*", resource: "*")),
        // Nothing is implied: unnamed attributes stay empty.
        ConversionCase(
            line: "{\(v1beta1),\"spec\":{\"user\":\"bob\",\"resource\":\"pods\"}}",
            rule: PolicyRule(line: 1, user: "bob", resource: "pods")),
        ConversionCase(
            line: "{\(v1beta1),\"spec\":{\"user\":\"*\",\"readonly\":true,\"nonResourcePath\":\"*\"}}",
            rule: PolicyRule(line: 1, group: everyone, readonly: true, nonResourcePath: "*")),
        ConversionCase(
            line: "{\(v1beta1),\"spec\":{\"group\":\"*\",\"user\":\"x\",\"resource\":\"pods\"}}",
            rule: PolicyRule(line: 1, group: everyone, resource: "pods")),
        ConversionCase(
            line:
                "{\(v1beta1),\"spec\":{\"group\":\"system:unauthenticated\",\"readonly\":true,\"nonResourcePath\":\"/version\"}}",
            rule: PolicyRule(line: 1, group: "system:unauthenticated", readonly: true, nonResourcePath: "/version")),
        ConversionCase(
            line:
                "{\"spec\":{\"user\":\"ci\",\"apiGroup\":\"apps\",\"namespace\":\"prod\",\"resource\":\"deployments\"},\(v1beta1)}",
            rule: PolicyRule(line: 1, user: "ci", apiGroup: "apps", namespace: "prod", resource: "deployments")),
        // JSON escapes are decoded.
        ConversionCase(
            line: "{\(v1beta1),\"spec\":{\"user\":\"jos\\u00e9 \\ud83d\\ude00\",\"nonResourcePath\":\"\\/healthz\"}}",
            rule: PolicyRule(line: 1, user: "josé 😀", nonResourcePath: "/healthz")),
    ]

    @Test(arguments: flatCases) func flatFormConversion(c: ConversionCase) throws {
        #expect(try Self.onlyRule(c.line) == c.rule)
    }

    @Test(arguments: versionedCases) func v1beta1Form(c: ConversionCase) throws {
        #expect(try Self.onlyRule(c.line) == c.rule)
    }

    @Test func commentsBlankLinesAndLineEndings() throws {
        let contents =
            "# the admin\n"
            + "{\"user\":\"admin\"}\r\n"
            + "\n"
            + "   \t\n"
            + "  # an indented comment {\"user\":\"nobody\"}\n"
            + "{\(Self.v1beta1),\"spec\":{\"user\":\"viewer\",\"readonly\":true,\"nonResourcePath\":\"*\"}}\r\n"
            + "{\"user\":\"last\"}"  // no final newline
        let policy = try ABACPolicy.parse(contents, file: "p.jsonl")
        #expect(policy.rules.map(\.line) == [2, 6, 7])
        #expect(policy.rules.map(\.user) == ["admin", "viewer", "last"])
    }

    @Test func anEmptyFileHasNoRulesAndDeniesEverything() throws {
        let policy = try ABACPolicy.parse("", file: "empty")
        #expect(policy.rules.isEmpty)
        let a = RequestAttributes.from(method: "GET", path: "/version", query: nil, user: UserInfo(name: "admin"))
        #expect(policy.authorize(a) == .deny("No policy matched."))
    }

    static let errorCases: [ParseErrorCase] = [
        ParseErrorCase(contents: "{", line: 1, message: "invalid JSON at column 2: expected a field name in quotes"),
        ParseErrorCase(
            contents: "# ok\n{\"user\":\"a\"} x", line: 2,
            message: "invalid JSON at column 14: unexpected text after the JSON value"),
        ParseErrorCase(
            contents: "{\"user\":'a'}", line: 1, message: "invalid JSON at column 9: unexpected character '''"),
        ParseErrorCase(
            contents: "{\"user\":\"a\",}", line: 1,
            message: "invalid JSON at column 13: expected a field name in quotes"),
        ParseErrorCase(
            contents: "{\"user\":\"a\"", line: 1,
            message: "invalid JSON at column 12: unexpected end of input in an object"),
        ParseErrorCase(
            contents: "{\"user\":\"é\" \"x\"}", line: 1,
            message: "invalid JSON at column 13: expected ',' or '}' in an object"),
        ParseErrorCase(contents: "{\"readonly\":tru}", line: 1, message: "invalid JSON at column 13: expected 'true'"),
        ParseErrorCase(
            contents: "{\"user\":\"a\\q\"}", line: 1, message: "invalid JSON at column 12: unknown escape in a string"),
        ParseErrorCase(contents: "{\"user\":\"a", line: 1, message: "invalid JSON at column 11: unterminated string"),
        ParseErrorCase(
            contents: "{\"user\":01}", line: 1, message: "invalid JSON at column 10: expected ',' or '}' in an object"),
        ParseErrorCase(
            contents: "{\"user\":\"a\"}\n\n[1]", line: 3, message: "a policy line must be a JSON object, not an array"),
        ParseErrorCase(contents: "\"alice\"", line: 1, message: "a policy line must be a JSON object, not a string"),
        ParseErrorCase(
            contents: String(repeating: "[", count: 100), line: 1,
            message: "invalid JSON at column 101: nested too deeply"),
        ParseErrorCase(
            contents: #"{"apiVersion":"abac.authorization.kubernetes.io/v2","kind":"Policy","spec":{"user":"a"}}"#,
            line: 1,
            message:
                #"unknown apiVersion "abac.authorization.kubernetes.io/v2" (want "abac.authorization.kubernetes.io/v1beta1", or none for the flat form)"#
        ),
        ParseErrorCase(
            contents: #"{"apiVersion":"v1","kind":"Policy","user":"a"}"#, line: 1,
            message:
                #"unknown apiVersion "v1" (want "abac.authorization.kubernetes.io/v1beta1", or none for the flat form)"#
        ),
        ParseErrorCase(
            contents: #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Rule","spec":{"user":"a"}}"#,
            line: 1,
            message: #"unknown kind "Rule" (want "Policy")"#),
        ParseErrorCase(
            contents: #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","spec":{"user":"a"}}"#, line: 1,
            message: #"missing kind (want "Policy")"#),
        ParseErrorCase(
            contents: #"{"kind":"ClusterRole","user":"a"}"#, line: 1,
            message: #"unknown kind "ClusterRole" (want "Policy")"#),
        ParseErrorCase(
            contents: #"{"user":"a","namespce":"x"}"#, line: 1,
            message: #"unknown field "namespce"; a flat rule has user, group, readonly, resource and namespace"#),
        ParseErrorCase(
            contents: #"{"user":"a","apiGroup":"apps"}"#, line: 1,
            message: #"unknown field "apiGroup"; a flat rule has user, group, readonly, resource and namespace"#),
        ParseErrorCase(
            contents: #"{"User":"a"}"#, line: 1,
            message: #"unknown field "User"; a flat rule has user, group, readonly, resource and namespace"#),
        ParseErrorCase(
            contents: "{\(v1beta1),\"user\":\"a\"}", line: 1,
            message: #"unknown field "user"; a v1beta1 Policy has apiVersion, kind and spec"#),
        ParseErrorCase(
            contents: "{\(v1beta1),\"spec\":{\"user\":\"a\",\"verb\":\"get\"}}", line: 1,
            message:
                #"unknown field "spec.verb"; a spec has user, group, readonly, apiGroup, resource, namespace and nonResourcePath"#
        ),
        ParseErrorCase(contents: #"{"user":"a","user":"b"}"#, line: 1, message: #"field "user" appears twice"#),
        ParseErrorCase(
            contents: #"{"user":"a","readonly":"true"}"#, line: 1,
            message: #"field "readonly" must be a boolean, not a string"#),
        ParseErrorCase(contents: #"{"user":1}"#, line: 1, message: #"field "user" must be a string, not a number"#),
        ParseErrorCase(
            contents: #"{"user":["a","b"]}"#, line: 1, message: #"field "user" must be a string, not an array"#),
        ParseErrorCase(
            contents: #"{"apiVersion":5,"user":"a"}"#, line: 1,
            message: #"field "apiVersion" must be a string, not a number"#),
        ParseErrorCase(
            contents: "{\(v1beta1),\"spec\":\"user=a\"}", line: 1,
            message: #"field "spec" must be an object, not a string"#),
        ParseErrorCase(
            contents: "{\(v1beta1),\"spec\":{\"user\":\"a\",\"readonly\":1}}", line: 1,
            message: #"field "spec.readonly" must be a boolean, not a number"#),
        ParseErrorCase(
            contents: "{\(v1beta1),\"spec\":{\"resource\":\"pods\",\"namespace\":\"*\"}}", line: 1,
            message:
                #"the rule names neither a user nor a group, so it could never match (use "user":"*" for every authenticated user)"#
        ),
        ParseErrorCase(
            contents: "{\(v1beta1)}", line: 1,
            message:
                #"the rule names neither a user nor a group, so it could never match (use "user":"*" for every authenticated user)"#
        ),
        ParseErrorCase(
            contents: "{\(v1beta1),\"spec\":{\"user\":\"\",\"group\":\"\"}}", line: 1,
            message:
                #"the rule names neither a user nor a group, so it could never match (use "user":"*" for every authenticated user)"#
        ),
    ]

    @Test(arguments: errorCases) func everyErrorNamesItsLine(c: ParseErrorCase) {
        #expect(throws: PolicyError(file: "policy.jsonl", line: c.line, message: c.message)) {
            try ABACPolicy.parse(c.contents, file: "policy.jsonl")
        }
    }

    @Test func theFirstBadLineIsReportedAfterGoodOnes() {
        let contents = [
            #"{"user":"admin"}"#, "# comment", "", #"{"user":"kubelet","readonly":true}"#,
            #"{"user":"x","readonly":yes}"#, #"{"bad"}"#,
        ].joined(separator: "\n")
        do {
            _ = try ABACPolicy.parse(contents, file: "/etc/kubernetes/abac.jsonl")
            Issue.record("a broken file was accepted")
        } catch {
            #expect(error.line == 5)
            #expect(
                error.description == "/etc/kubernetes/abac.jsonl:5: invalid JSON at column 24: unexpected character 'y'"
            )
        }
    }

    @Test func randomLinesNeverCrashTheParser() {
        // A fixed-seed generator over JSON's own characters, so failures reproduce.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let alphabet =
            Array(#"{}[]:,"\/ubfnrt0123456789-+.eE aeilnrstuy*#"#).map(String.init)
            + ["é", "\u{0}", "\u{1F600}", "\"user\"", "\"spec\"", "true", "null", #"\ud800"#]
        var accepted = 0
        var refused = 0
        for _ in 0..<3000 {
            let line = (0..<(next() % 40)).map { _ in alphabet[next() % alphabet.count] }.joined()
            do throws(PolicyError) {
                _ = try ABACPolicy.parse(line, file: "fuzz")
                accepted += 1
            } catch {
                refused += 1
                #expect(error.line == 1)
                #expect(error.file == "fuzz")
                #expect(!error.message.isEmpty)
            }
        }
        // Both paths were exercised.
        #expect(accepted > 0 && refused > 0)
    }

    @Test func errorDescriptionIsFileLineMessage() {
        #expect(PolicyError(file: "a.jsonl", line: 3, message: "boom").description == "a.jsonl:3: boom")
        #expect(
            PolicyError(file: "a.jsonl", line: 0, message: "cannot open: x").description == "a.jsonl:0: cannot open: x")
    }
}
