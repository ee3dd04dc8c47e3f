import Testing
@testable import KubeAPI

/// Duplicate keys are found by comparing with the earlier keys in small objects and through a set in
/// bigger ones: both sides of that line report the same, in document order.
@Suite("Schema: duplicates in small and big objects")
struct SchemaValidatorSizesTests {
    func problems(_ json: String) throws -> [String]? {
        try SchemaValidator.problems(in: JSONParser.parse(Substring(json)), apiVersion: "v1", kind: "ConfigMap")?.map(
            \.description)
    }

    func data(_ keys: [String]) -> String {
        #"{"metadata":{"name":"a"},"data":{"# + keys.map { #""\#($0)":"v""# }.joined(separator: ",") + "}}"
    }

    @Test(arguments: [3, 5, 6, 40])  // 6, 8 (the last compared), 9 (the first hashed) and 43 members
    func duplicatesInAMapOfAnySize(_ size: Int) throws {
        var keys = (0..<size).map { "k\($0)" }
        keys.insert("k1", at: 2)  // a repeat of an earlier key
        keys.append("k0")
        keys.append("k0")  // reported once
        #expect(try problems(data(keys)) == [#"duplicate field "data.k1""#, #"duplicate field "data.k0""#])
    }

    @Test func duplicatesInABigObject() throws {
        let labels = (0..<12).map { #""l\#($0)":"x""# }.joined(separator: ",")
        let cm =
            #"{"metadata":{"name":"a","labels":{\#(labels)},"namespace":"n","uid":"u","generateName":"g","annotations":{},"#
            + #""resourceVersion":"1","generation":1,"finalizers":[],"name":"b"},"immutable":false}"#
        #expect(try problems(cm) == [#"duplicate field "metadata.name""#])
    }
}
