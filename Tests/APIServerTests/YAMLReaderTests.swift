import APIServer
import Testing

@Suite("YAML reader")
struct YAMLReaderTests {
    /// The node as plain values, for comparisons: strings, arrays, [key: value] pairs.
    static func plain(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar(let text, let quoted): return quoted ? "'\(text)'" : text
        case .sequence(let items): return "[" + items.map(plain).joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\($0.key)=\(plain($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func read(_ text: String) throws -> String { plain(try YAMLReader.read(text)) }

    @Test func anAuditPolicyInBlockStyle() throws {
        let text = """
            # comment
            apiVersion: audit.k8s.io/v1   # trailing comment
            kind: Policy
            omitStages:
              - "RequestReceived"
            rules:
            - level: None
              users: ["system:kube-proxy"]
              verbs: [watch]
            - level: Metadata
              resources:
              - group: ""
                resources: ["secrets", 'config maps']
            - level: Metadata
            """
        #expect(
            try Self.read(text)
                == "{apiVersion=audit.k8s.io/v1, kind=Policy, omitStages=['RequestReceived'], rules=[{level=None, users=['system:kube-proxy'], verbs=[watch]}, {level=Metadata, resources=[{group='', resources=['secrets', 'config maps']}]}, {level=Metadata}]}"
        )
    }

    @Test func linesOfNodes() throws {
        let node = try YAMLReader.read("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\n")
        guard case .mapping(let entries) = node.kind else { Issue.record("not a mapping"); return }
        #expect(entries.map(\.line) == [1, 2])
        guard case .sequence(let items) = entries[1].value.kind else { Issue.record("not a list"); return }
        #expect(items.map(\.line) == [3, 4])
    }

    @Test func jsonAcrossLines() throws {
        let text = """
            {
              "kind": "Policy", "apiVersion": "audit.k8s.io/v1",
              "rules": [
                {"level": "None", "users": ["a\\"b", "\\u00e9"]},
                {"level": "Metadata", "namespaces": []}
              ]
            }
            """
        #expect(
            try Self.read(text)
                == "{kind='Policy', apiVersion='audit.k8s.io/v1', rules=[{level='None', users=['a\"b', 'é']}, {level='Metadata', namespaces=[]}]}"
        )
    }

    @Test func scalarsAndNulls() throws {
        let node = try YAMLReader.read("a:\nb: ~\nc: 'it''s'\nd: plain text # no comment part\n")
        #expect(Self.plain(node) == "{a=, b=~, c='it's', d=plain text}")
        guard case .mapping(let entries) = node.kind else { return }
        #expect(entries[0].value.isNull && entries[1].value.isNull && !entries[2].value.isNull)
        #expect(try Self.read("---\nx: 1\n...\n") == "{x=1}")
        #expect(try Self.read("") == "")
    }

    @Test func refusalsNameTheLine() {
        let cases: [(String, Int, String)] = [
            ("a: 1\na: 2\n", 2, "duplicate key"),
            ("a:\n\t- x\n", 2, "tab"),
            ("a: &anchor 1\n", 1, "anchors"),
            ("a: |\n  text\n", 1, "block scalars"),
            ("a: 1\n---\nb: 2\n", 2, "more than one document"),
            ("a:\n  b: 1\n c: 2\n", 3, "indentation"),
            ("a: [1, 2\n", 2, "unterminated"),
            ("a: \"open\n", 1, "unterminated quoted"),
            ("a: b: c\n", 1, "cannot start on its key's line"),
            ("{\"a\": 1,\n \"a\": 2}\n", 2, "duplicate key"),
            ("just text\nkey: value\n", 2, "unexpected content"),
        ]
        for (text, line, words) in cases {
            do {
                let node = try YAMLReader.read(text)
                Issue.record("accepted \(text.debugDescription) as \(Self.plain(node))")
            } catch {
                #expect(error.line == line, "\(text.debugDescription): \(error)")
                #expect(error.message.contains(words), "\(text.debugDescription): \(error)")
            }
        }
    }

    @Test func deepNestingIsRefusedNotRecursedWithoutBound() {
        let deep = String(repeating: "[", count: 10_000)
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.read(deep) }
        var blocks = ""
        for depth in 0..<200 { blocks += String(repeating: " ", count: depth) + "k:\n" }
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.read(blocks) }
    }
}
