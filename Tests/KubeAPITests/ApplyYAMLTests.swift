import Testing
@testable import KubeAPI

@Suite("Apply: the YAML reader for apply-patch+yaml bodies")
struct ApplyYAMLTests {
    func yaml(_ text: String) throws -> JSONValue { try YAMLDocument.parse(Array(text.utf8)).value }
    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func aDeploymentStyleManifestInBlockStyle() throws {
        let manifest = """
            # a comment before the document
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web   # trailing comment
              labels: {app: web, tier: "front"}
              annotations:
                note: >
                  folded text
                  on two lines

                  and a paragraph
                script: |
                  echo one
                    indented
                  echo two
            spec:
              containers:
              - name: nginx
                image: 'nginx:1.25'
                args: ["--port", '8080']
                ports:
                  - containerPort: 80
                    protocol: TCP
                env:
                - {name: A, value: "1"}
              nodeSelector:
                disk: ssd
            """
        #expect(
            try yaml(manifest)
                == json(
                    #"""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web","tier":"front"},
                     "annotations":{"note":"folded text on two lines\nand a paragraph\n","script":"echo one\n  indented\necho two\n"}},
                     "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","args":["--port","8080"],
                       "ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"}]}],"nodeSelector":{"disk":"ssd"}}}
                    """#))
    }

    @Test func plainScalarsResolveAsGoYAMLv2Does() throws {
        let doc = try yaml(
            """
            a: yes
            b: off
            c: ~
            d:
            e: 0x1F
            f: 0o17
            g: 017
            h: 1_000
            i: 1.0
            j: 1.5
            k: 1e3
            l: .5
            m: 2001-12-14
            nn: 12:30
            o: "true"
            p: +12
            q: -0b101
            r: 08
            s: 1.2.3
            t: True
            u: null
            v: 9223372036854775808
            """)
        let expected: [(String, JSONValue)] = [
            ("a", .bool(true)), ("b", .bool(false)), ("c", .null), ("d", .null), ("e", .number("31")),
            ("f", .number("15")),
            ("g", .number("15")), ("h", .number("1000")), ("i", .number("1")), ("j", .number("1.5")),
            ("k", .number("1000")),
            ("l", .number("0.5")), ("m", .string("2001-12-14")), ("nn", .string("12:30")), ("o", .string("true")),
            ("p", .number("12")), ("q", .number("-5")), ("r", .number("8")), ("s", .string("1.2.3")),
            ("t", .bool(true)),
            ("u", .null), ("v", .number("9223372036854775808")),
        ]
        for (key, value) in expected { #expect(doc[key] == value, "\(key)") }
        // Keys resolve too, then become JSON strings: `n` is YAML 1.1's false.
        #expect(try yaml("1: a\ntrue: b\n1.5: c\nn: d\n") == json(#"{"1":"a","true":"b","1.5":"c","false":"d"}"#))
    }

    @Test func quotedScalarsEscapesAndFolding() throws {
        #expect(try yaml(#"a: "tab\there \u00e9 \x41 \"q\"""#)["a"] == .string("tab\there é A \"q\""))
        #expect(try yaml("a: 'it''s'")["a"] == .string("it's"))
        #expect(try yaml("a: \"one\n  two\n\n  three\"")["a"] == .string("one two\nthree"))
        #expect(try yaml("a: \"joined \\\n  here\"")["a"] == .string("joined here"))
        #expect(try yaml("a: plain text\n  continued here\nb: 1")["a"] == .string("plain text continued here"))
    }

    @Test func blockScalarChompingAndIndentation() throws {
        #expect(try yaml("a: |-\n  x\n  y\n\nb: 1")["a"] == .string("x\ny"))
        #expect(try yaml("a: |+\n  x\n\n\nb: 1")["a"] == .string("x\n\n\n"))
        #expect(try yaml("a: >\n  x\n   more\n  y\n")["a"] == .string("x\n more\ny\n"))
        #expect(try yaml("a: |2\n    x\n  y\n")["a"] == .string("  x\ny\n"))
        #expect(try yaml("a: |\n  last line without break")["a"] == .string("last line without break"))
        #expect(try yaml("a: |\nb: 1") == json(#"{"a":"","b":1}"#))
    }

    @Test func jsonBodiesFlowStyleAnchorsAndMergeKeys() throws {
        #expect(
            try yaml(#"{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"1"},"n":1.0}"#)
                == json(#"{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"1"},"n":1}"#))
        #expect(try yaml("[a, {b: c}, [1, 2], d: e]") == json(#"["a",{"b":"c"},[1,2],{"d":"e"}]"#))
        // `y` is YAML 1.1's true, keys included, as go-yaml v2 reads it.
        #expect(try yaml("{a: 1,\n  b: [x,\n   y], c}") == json(#"{"a":1,"b":["x",true],"c":null}"#))
        #expect(
            try yaml("base: &b {p: 1, q: 2}\nuse:\n  <<: *b\n  q: 3\nlist: [*b]")
                == json(#"{"base":{"p":1,"q":2},"use":{"p":1,"q":3},"list":[{"p":1,"q":2}]}"#))
        #expect(try yaml("a: !!str 1.0\nb: !!int '7'") == json(#"{"a":"1.0","b":7}"#))
        // Only the first document counts, as go-yaml's Unmarshal reads one.
        #expect(try yaml("a: 1\n---\na: 2\n") == json(#"{"a":1}"#))
        #expect(try yaml("") == .null)
        #expect(try yaml("# only a comment\n") == .null)
    }

    @Test func repeatedKeysAreKeptLastAndReportedForStrictDecoding() throws {
        let doc = try YAMLDocument.parse(Array("a: 1\nb: 2\na: 3\n".utf8))
        #expect(doc.value == (try json(#"{"a":3,"b":2}"#)))
        #expect(doc.duplicateKeys == [#"line 3: key "a" already set in map"#])
        // A JSON body too: go-yaml reads it for kube's strict check; nested first, as it meets them.
        let body = #"{"a":1,"b":{"c":1,"c":2},"a":3}"#
        #expect(
            try YAMLDocument.parse(Array(body.utf8)).duplicateKeys == [
                #"line 1: key "c" already set in map"#, #"line 1: key "a" already set in map"#,
            ])
        #expect(
            try YAMLDocument.parse(Array("{\n \"a\": 1,\n \"a\": 2\n}".utf8)).duplicateKeys == [
                #"line 3: key "a" already set in map"#
            ])
        #expect(try YAMLDocument.parse(Array(#"{"a":1,"b":{"a":2}}"#.utf8)).duplicateKeys.isEmpty)
    }

    @Test func brokenYAMLIsRefusedWithTheLine() throws {
        func problem(_ text: String) -> YAMLError? {
            do { _ = try YAMLDocument.parse(Array(text.utf8)); return nil } catch { return error }
        }
        #expect(problem("a: b: c")?.message == "yaml: line 1: mapping values are not allowed in this context")
        #expect(problem("a:\n  b: 1\n c: 2")?.message == "yaml: line 3: did not find expected key")
        #expect(problem("a: 'open\nb: 1")?.message == "yaml: line 1: found unexpected end of stream")
        #expect(problem("a: [1, 2\nb: 3")?.line != nil)
        #expect(problem("a: 1\n\tb: 2")?.message == "yaml: line 2: found character that cannot start any token")
        #expect(problem("a: *nope")?.message == "yaml: unknown anchor 'nope' referenced")
        #expect(problem("a: .inf")?.message == "json: unsupported value: +Inf")
        #expect(problem("- a\n- b\nc: d")?.message == "yaml: line 3: did not find expected <document start>")
        #expect(problem("a: - b")?.message == "yaml: line 1: block sequence entries are not allowed in this context")
        #expect(problem(String(repeating: "[", count: 200))?.message.contains("max depth") == true)
    }
}
