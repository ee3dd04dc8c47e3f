import Testing
@testable import Storage

@Suite struct FieldSelectorTests {
    let running = StoredObject(
        key: podKey("a", namespace: "prod"), uid: "u", labels: [:],
        fields: ["spec.nodeName": "node-1", "status.phase": "Running"], value: [],
        createRevision: 1, modRevision: 1)

    func selects(_ text: String) throws -> Bool { try FieldSelector(parsing: text).matches(running) }

    @Test func operators() throws {
        #expect(try selects("spec.nodeName=node-1"))
        #expect(try selects("spec.nodeName==node-1"))
        #expect(try !selects("spec.nodeName!=node-1"))
        #expect(try selects("status.phase!=Pending"))
        #expect(try selects("spec.nodeName=node-1,status.phase=Running"))
        #expect(try !selects("spec.nodeName=node-1,status.phase=Pending"))
        #expect(try selects(""))
    }

    @Test func nameAndNamespaceComeFromTheKeyAndMissingFieldsAreEmpty() throws {
        #expect(try selects("metadata.name=a,metadata.namespace=prod"))
        #expect(try selects("spec.serviceAccountName="))
        #expect(try !selects("spec.serviceAccountName!="))
    }

    @Test func escapedValues() throws {
        let selector = try FieldSelector(parsing: #"status.message=a\,b\=c\\d"#)
        #expect(selector.requirements == [FieldRequirement(field: "status.message", op: .equals, value: #"a,b=c\d"#)])
    }

    @Test(arguments: ["spec.nodeName", "=x", #"a=b\x"#, "a=b=c", #"a=b\"#])
    func malformedSelectorsAreInvalid(_ text: String) {
        #expect(throws: StoreError.self) { try FieldSelector(parsing: text) }
    }

    @Test func listAndWatchFilterByFields() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "1", pod("a", node: "node-1"))
        _ = try f.store.create(podKey("b"), uid: "2", pod("b", node: "node-2"))
        _ = try f.store.create(podKey("c"), uid: "3", pod("c"))
        let onNode1 = try f.store.list(
            ListRequest(resource: "pods", fieldSelector: FieldSelector(parsing: "spec.nodeName=node-1")))
        #expect(onNode1.items.map(\.key.name) == ["a"])
        let unscheduled = try f.store.list(
            ListRequest(resource: "pods", fieldSelector: FieldSelector(parsing: "spec.nodeName=")))
        #expect(unscheduled.items.map(\.key.name) == ["c"])
        let notB = try f.store.list(
            ListRequest(resource: "pods", fieldSelector: FieldSelector(parsing: "metadata.name!=b")))
        #expect(notB.items.map(\.key.name) == ["a", "c"])
    }
}
