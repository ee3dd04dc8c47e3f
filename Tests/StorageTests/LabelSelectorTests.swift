import Testing
@testable import Storage

@Suite struct LabelSelectorTests {
    let web = ["app": "web", "tier": "frontend", "replicas": "3"]
    let db = ["app": "db", "tier": "backend"]
    let bare: [String: String] = [:]

    func selects(_ text: String) throws -> [Bool] {
        let selector = try LabelSelector(parsing: text)
        return [web, db, bare].map(selector.matches)
    }

    @Test func equality() throws {
        #expect(try selects("app=web") == [true, false, false])
        #expect(try selects("app==web") == [true, false, false])
        #expect(try selects("app=web,tier=frontend") == [true, false, false])
        #expect(try selects("app=web,tier=backend") == [false, false, false])
    }

    @Test func inequalityAlsoSelectsObjectsWithoutTheLabel() throws {
        #expect(try selects("app!=web") == [false, true, true])
    }

    @Test func setBased() throws {
        #expect(try selects("app in (web, db)") == [true, true, false])
        #expect(try selects("app in (web)") == [true, false, false])
        #expect(try selects("app notin (web)") == [false, true, true])
        #expect(try selects("tier") == [true, true, false])
        #expect(try selects("!tier") == [false, false, true])
        #expect(try selects("app in (web,db),!replicas") == [false, true, false])
    }

    @Test func numericComparisons() throws {
        #expect(try selects("replicas>2") == [true, false, false])
        #expect(try selects("replicas<3") == [false, false, false])
    }

    @Test func emptySelectsEverythingAndEmptyValuesAreValues() throws {
        #expect(try selects("") == [true, true, true])
        #expect(try LabelSelector(parsing: "a=").matches(["a": ""]))
        #expect(try !LabelSelector(parsing: "a=").matches([:]))
        #expect(try LabelSelector(parsing: "example.com/team = blue").matches(["example.com/team": "blue"]))
    }

    @Test(arguments: ["=web", "app in web", "app in ()", "app=web,", "app==web==x", "-app=x", "app=-x", "app>x", "a b"])
    func malformedSelectorsAreInvalid(_ text: String) {
        #expect(throws: StoreError.self) { try LabelSelector(parsing: text) }
    }

    @Test func listFiltersByLabels() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("w1"), uid: "1", pod("w1", labels: ["app": "web"]))
        _ = try f.store.create(podKey("w2"), uid: "2", pod("w2", labels: ["app": "web", "canary": "true"]))
        _ = try f.store.create(podKey("d1"), uid: "3", pod("d1", labels: ["app": "db"]))
        let list = try f.store.list(
            ListRequest(resource: "pods", labelSelector: LabelSelector(parsing: "app=web,!canary")))
        #expect(list.items.map(\.key.name) == ["w1"])
        let either = try f.store.list(
            ListRequest(resource: "pods", labelSelector: LabelSelector(parsing: "app in (web,db)")))
        #expect(either.items.map(\.key.name) == ["d1", "w1", "w2"])
    }
}
