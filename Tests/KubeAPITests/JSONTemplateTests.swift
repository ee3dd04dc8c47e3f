import Testing
@testable import KubeAPI

/// Editing documents in place, and serializing once with a hole for the resourceVersion: the bytes must be
/// exactly what setting the value and serializing would give.
@Suite struct JSONTemplateTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test(arguments: [
        // kept in place
        #"{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"7","uid":"u"},"data":{"k":"v"}}"#,
        #"{"kind":"ConfigMap","metadata":{"name":"a"},"data":{}}"#,  // appended to metadata
        #"{"kind":"ConfigMap","data":{"k":"v"}}"#,  // metadata created
        #"{"metadata":"not an object","x":1}"#,  // replaced by an object
        #"{"metadata":{"resourceVersion":1},"y":[1,2]}"#,  // a number replaced by the string
        // first of duplicates
        #"{"metadata":{"resourceVersion":"1","resourceVersion":"2"},"metadata":{"resourceVersion":"3"}}"#,
    ])
    func aFilledTemplateIsTheDocumentWithTheValueSet(_ text: String) throws {
        let document = try parse(text)
        let template = JSONTemplate(document, openStringAt: ["metadata", "resourceVersion"])
        for revision in ["1", "42", "9223372036854775807"] {
            var expected = document
            expected.set(path: ["metadata", "resourceVersion"], .string(revision))
            #expect(template.filled(with: revision) == expected.bytes, "\(text) at \(revision)")
        }
    }

    /// What etcd keeps: the document without the member (taken out of the template's bytes, as removing it
    /// from the document and serializing would give).
    @Test(arguments: [
        #"{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"7","uid":"u"},"data":{"k":"v"}}"#,
        #"{"kind":"ConfigMap","metadata":{"resourceVersion":"7","name":"a"}}"#,  // first member: the comma after goes
        #"{"kind":"ConfigMap","metadata":{"name":"a"},"data":{}}"#,
        #"{"metadata":{"resourceVersion":"1"}}"#,  // the only member
        #"{"metadata":"not an object","x":1}"#,
        #"{"metadata":{"resourceVersion":"1","resourceVersion":"2"},"metadata":{"resourceVersion":"3"}}"#,
    ])
    func aTemplateWithoutItsHoleIsTheDocumentWithoutTheMember(_ text: String) throws {
        let document = try parse(text)
        var expected = document
        expected.set(path: ["metadata", "resourceVersion"], .string(""))
        expected.set(path: ["metadata", "resourceVersion"], nil)
        #expect(
            JSONTemplate(document, openStringAt: ["metadata", "resourceVersion"]).withoutHole() == expected.bytes,
            "\(text)")
    }

    @Test func aTemplateOfANonObjectIsTheDocumentUnchanged() throws {
        let document = try parse(#"[1,"two"]"#)
        #expect(
            JSONTemplate(document, openStringAt: ["metadata", "resourceVersion"]).filled(with: "5") == document.bytes)
        #expect(JSONTemplate(document, openStringAt: ["metadata", "resourceVersion"]).withoutHole() == document.bytes)
    }

    @Test func settingAPathEditsOnlyThatMemberAndKeepsOrder() throws {
        var object = try parse(#"{"a":1,"metadata":{"name":"x","labels":{"k":"v"}},"z":true}"#)
        let copy = object
        object.set(path: ["metadata", "labels", "k"], .string("w"))
        object.set(path: ["metadata", "annotations", "note"], .string("n"))
        object.set(path: ["metadata", "name"], nil)
        #expect(object.text == #"{"a":1,"metadata":{"labels":{"k":"w"},"annotations":{"note":"n"}},"z":true}"#)
        #expect(copy.text == #"{"a":1,"metadata":{"name":"x","labels":{"k":"v"}},"z":true}"#)  // a value, not shared
    }

    /// Several edits under one member are the same as setting each path.
    @Test(arguments: [
        #"{"metadata":{"name":"a","selfLink":"x","uid":"old"}}"#, #"{"kind":"K"}"#, #"{"metadata":[1]}"#,
        #"{"metadata":{"uid":"1"},"metadata":{"uid":"2"}}"#,
    ])
    func editingAnObjectIsSettingEachPath(_ text: String) throws {
        var edited = try parse(text), expected = edited
        edited.editObject("metadata") { metadata in
            metadata.set("uid", .string("u"))
            metadata.set("selfLink", nil)
            metadata.set("resourceVersion", nil)
        }
        expected.set(path: ["metadata", "uid"], .string("u"))
        expected.set(path: ["metadata", "selfLink"], nil)
        expected.set(path: ["metadata", "resourceVersion"], nil)
        #expect(edited.text == expected.text)
    }

    /// Removing under a missing object still creates the objects on the way, as the path setter always has.
    @Test func removingUnderAMissingPathLeavesEmptyObjects() throws {
        var object = try parse(#"{"spec":7}"#)
        object.set(path: ["status", "phase"], nil)
        object.set(path: ["spec", "x"], nil)
        #expect(object.text == #"{"spec":{},"status":{}}"#)
        var array = JSONValue.array([.null])
        array.set(path: ["a", "b"], .string("c"))
        #expect(array.text == "[null]")
    }
}
