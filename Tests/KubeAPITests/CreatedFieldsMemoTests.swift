import Testing
@testable import KubeAPI

/// Creates of one shape share their creator's fields; anything the fields depend on makes another shape.
@Suite struct CreatedFieldsMemoTests {
    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    static let objects = [
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","labels":{"app":"y"}},"spec":{"containers":[{"name":"c","image":"1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"c","labels":{"app":null}},"spec":{"containers":[{"name":"c","image":"1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d","labels":{}},"spec":{"containers":[{"name":"c","image":"1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"e","labels":{"app":"x"}},"spec":{"containers":[{"name":"d","image":"1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"f","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"1"}],"nodeName":null}}"#,
        #"{"apiVersion":"v2","kind":"Pod","metadata":{"name":"g","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"h","labels":{"app":"x","app":null}},"spec":{"containers":[]}}"#,
    ]

    @Test func aSharedMemoGivesWhatEachCreateWorksOutAlone() throws {
        var memoed = FieldManager(
            apiVersion: "v1", kind: "Pod", resetFields: FieldSet([FieldPath(fields: "status")]), now: { "t" })
        memoed.createdFields = CreatedFieldsMemo()
        var alone = memoed
        alone.createdFields = nil
        // Twice over, so that every shape is met once remembered.
        for text in Self.objects + Self.objects {
            let object = try json(text)
            #expect(
                memoed.update(live: nil, new: object, manager: "m").text
                    == alone.update(live: nil, new: object, manager: "m").text, "\(text)")
        }
    }

    @Test func shapesDifferWhereTheFieldsCan() throws {
        func shape(_ i: Int) throws -> [UInt8] {
            var out: [UInt8] = []
            CreatedFieldsMemo.writeShape(try json(Self.objects[i]), root: true, into: &out)
            return out
        }
        // Other names and label values: one shape.
        #expect(try shape(0) == shape(1))
        // A null, an empty object, a list's contents, another member, another apiVersion: others.
        for i in 2..<Self.objects.count { #expect(try shape(0) != shape(i), "object \(i)") }
    }
}
