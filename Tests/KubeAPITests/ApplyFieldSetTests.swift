import Testing
@testable import KubeAPI

@Suite("Apply: field paths and field sets (FieldsV1)")
struct ApplyFieldSetTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func pathElementsOrderFieldsThenKeysThenValuesThenIndexes() {
        let elements: [PathElement] = [
            .index(0), .value(FieldValue(.bool(true))), .value(FieldValue(.string("b"))),
            .value(FieldValue(.number("2"))), .key([("name", .string("x"))]), .field("b"), .field("a"),
        ]
        #expect(
            elements.sorted().map(\.serialized) == [
                "f:a", "f:b", #"k:{"name":"x"}"#, "v:2", #"v:"b""#, "v:true", "i:0",
            ])
        // Field names compare by their UTF-8 bytes: "Z" (0x5A) before "a", "é" after "z".
        #expect(
            [PathElement.field("é"), .field("a"), .field("Z"), .field("z")].sorted().map(\.serialized) == [
                "f:Z", "f:a", "f:z", "f:é",
            ])
        // Numbers compare numerically, an integral float equal to the integer.
        #expect(PathElement.value(FieldValue(.number("10"))) > .value(FieldValue(.number("9"))))
        #expect(PathElement.value(FieldValue(.number("80.0"))) == .value(FieldValue(.number("80"))))
    }

    @Test func keysSortTheirFieldsByNameAndSerializeAsGoDoes() throws {
        let port = PathElement.key([("protocol", .string("TCP")), ("containerPort", .number("80"))])
        #expect(port.serialized == #"k:{"containerPort":80,"protocol":"TCP"}"#)
        #expect(port.description == #"[containerPort=80,protocol="TCP"]"#)
        // encoding/json escapes HTML characters in the key's values.
        #expect(PathElement.key([("name", .string("a<b&c"))]).serialized == #"k:{"name":"a\u003cb\u0026c"}"#)
        #expect(try PathElement(serialized: #"k:{"protocol":"TCP","containerPort":80}"#) == port)
        #expect(try PathElement(serialized: "f:spec") == .field("spec"))
        #expect(try PathElement(serialized: #"v:"x""#) == .value(FieldValue(.string("x"))))
        #expect(try PathElement(serialized: "i:3") == .index(3))
        #expect(throws: PathElement.ParseError.unknownType) { try PathElement(serialized: "r:x") }
        #expect(throws: PathElement.ParseError.self) { try PathElement(serialized: "f") }
        #expect(throws: PathElement.ParseError.self) { try PathElement(serialized: "k:[1]") }
    }

    @Test func pathsPrintAsConflictMessagesShowThem() {
        let path = FieldPath([
            .field("spec"), .field("containers"), .key([("name", .string("web"))]), .field("ports"),
            .key([("containerPort", .number("80")), ("protocol", .string("TCP"))]), .field("hostPort"),
        ])
        #expect(path.description == #".spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].hostPort"#)
        #expect(
            FieldPath([.field("metadata"), .field("finalizers"), .value(FieldValue(.string("a")))]).description
                == #".metadata.finalizers[="a"]"#)
    }

    /// The managedFields kubectl create leaves on a pod: "." marks a list element that is itself owned.
    static let podCreate =
        #"{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}}}},"f:dnsPolicy":{},"f:restartPolicy":{}}}"#

    @Test func fieldsV1RoundTripsByteForByte() throws {
        let set = try FieldSet(fieldsV1: parse(Self.podCreate))
        #expect(set.fieldsV1Text == Self.podCreate)
        #expect(set.has(FieldPath(fields: "metadata", "labels")))
        #expect(!set.has(FieldPath(fields: "metadata")))
        #expect(set.has(FieldPath([.field("spec"), .field("containers"), .key([("name", .string("web"))])])))
        #expect(!set.has(FieldPath(fields: "spec", "containers")))
        #expect(set.count == 12)
    }

    @Test func fieldsV1KeysComeOutInUpstreamOrderWhateverTheInputOrder() throws {
        let shuffled = try FieldSet(
            fieldsV1: parse(#"{"i:1":{},"v:true":{},"f:b":{"f:y":{},".":{}},"k:{\"a\":1}":{},"f:a":{}}"#))
        #expect(shuffled.fieldsV1Text == #"{"f:a":{},"f:b":{".":{},"f:y":{}},"k:{\"a\":1}":{},"v:true":{},"i:1":{}}"#)
        // Kinds of keys a later version may add are dropped, as upstream does.
        #expect(try FieldSet(fieldsV1: parse(#"{"f:a":{},"r:b":{}}"#)).fieldsV1Text == #"{"f:a":{}}"#)
        #expect(throws: FieldSet.FieldsV1Error.self) { try FieldSet(fieldsV1: parse(#"{"f:a":{},"i:x":{}}"#)) }
        #expect(throws: FieldSet.FieldsV1Error.self) { try FieldSet(fieldsV1: parse(#"{"f:a":1}"#)) }
        #expect(try FieldSet(fieldsV1: parse("{}")).isEmpty)
    }

    @Test func aSetRecognisesItsOwnFieldsV1AndNothingElse() throws {
        let set = try FieldSet(fieldsV1: parse(Self.podCreate))
        #expect(set.isWritten(as: try parse(Self.podCreate)))
        #expect(FieldSet().isWritten(as: try parse("{}")))
        let others = [
            Self.podCreate.replacingOccurrences(of: #""f:dnsPolicy":{},"#, with: ""),  // a member less
            // Labels not themselves owned.
            Self.podCreate.replacingOccurrences(of: #""f:labels":{".":{},"#, with: #""f:labels":{"#),
            Self.podCreate.replacingOccurrences(of: #""f:app":{}"#, with: #""f:app":{},"f:tier":{}"#),  // one more
            Self.podCreate.replacingOccurrences(of: #"\"web\""#, with: #"\"db\""#),  // another key
            Self.podCreate.replacingOccurrences(of: #""f:image":{}"#, with: #""f:image":{"f:x":{}}"#),  // below a leaf
            #"{"f:spec":{"f:restartPolicy":{},"f:dnsPolicy":{}}}"#,  // out of order
            #"[]"#,
        ]
        for other in others {
            #expect(!set.isWritten(as: try parse(other)), "\(other)")
        }
        #expect(!set.isWritten(as: try parse("{}")))
    }

    func set(_ paths: [String]...) -> FieldSet { FieldSet(paths.map { FieldPath($0.map { .field($0) }) }) }

    @Test func unionIntersectionAndDifferenceWorkOnMembersNotPrefixes() {
        let a = set(["spec", "replicas"], ["spec", "template"], ["metadata", "labels", "app"])
        let b = set(["spec", "replicas"], ["spec"], ["data", "x"])
        #expect(
            a.union(b).paths.map(\.description) == [
                ".spec", ".data.x", ".metadata.labels.app", ".spec.replicas", ".spec.template",
            ])
        #expect(a.intersection(b).paths.map(\.description) == [".spec.replicas"])
        // A parent and its child are different fields: removing `.spec` leaves `.spec.template`.
        #expect(a.difference(b).paths.map(\.description) == [".metadata.labels.app", ".spec.template"])
        #expect(b.difference(a).paths.map(\.description) == [".spec", ".data.x"])
        // The recursive difference removes a member with everything below it.
        #expect(a.recursiveDifference(set(["spec"])).paths.map(\.description) == [".metadata.labels.app"])
        #expect(set(["spec"], ["spec", "x"], ["a"]).leaves.paths.map(\.description) == [".a", ".spec.x"])
        #expect(a.intersection(set(["data"])).isEmpty)
        #expect(a.difference(a).isEmpty && a.difference(a).fieldsV1Text == "{}")
    }

    @Test func setOperationsStayLinearOnWideSets() {
        // 20,000 keys in one map, built out of order: insertion and the merge walks must not go quadratic
        // (this would take minutes if they did; it is not a timing assertion).
        var wide = FieldSet()
        for i in (0..<20_000).reversed() { wide.insert(FieldPath([.field("data"), .field("k\(i)")])) }
        var other = FieldSet()
        for i in stride(from: 0, to: 20_000, by: 2) { other.insert(FieldPath([.field("data"), .field("k\(i)")])) }
        #expect(wide.count == 20_000)
        #expect(wide.difference(other).count == 10_000)
        #expect(wide.union(other).count == 20_000)
        #expect(wide.intersection(other).count == 10_000)
        #expect(try! FieldSet(fieldsV1: wide.fieldsV1) == wide)
    }
}
