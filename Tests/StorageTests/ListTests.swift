import Testing
@testable import Storage

@Suite struct ListTests {
    /// 3 namespaces × 8 pods, created in a scrambled order.
    func populated(window: Int = SQLiteStore.defaultHistoryWindow) throws -> StoreFixture {
        let f = try StoreFixture(window: window)
        for i in [5, 2, 7, 0, 3, 6, 1, 4] {
            for ns in ["kube-system", "default", "prod"] {
                _ = try f.store.create(podKey("pod-\(i)", namespace: ns), uid: "\(ns)-\(i)", pod("pod-\(i)", namespace: ns, labels: ["i": "\(i % 2)"]))
            }
        }
        return f
    }

    @Test func listsComeInNamespaceThenNameOrderWithTheirRevision() throws {
        let f = try populated()
        let all = try f.store.list(ListRequest(resource: "pods"))
        #expect(all.items.count == 24 && all.revision == 24 && all.continueToken == nil)
        let keys = all.items.map { "\($0.key.namespace)/\($0.key.name)" }
        #expect(keys == keys.sorted())
        #expect(keys.first == "default/pod-0" && keys.last == "prod/pod-7")
        let prod = try f.store.list(ListRequest(resource: "pods", namespace: "prod"))
        #expect(prod.items.map(\.key.name) == (0..<8).map { "pod-\($0)" })
        #expect(try f.store.list(ListRequest(resource: "services")).items.isEmpty)
    }

    func pages(_ f: StoreFixture, _ request: ListRequest) throws -> [ListResult] {
        var results = [try f.store.list(request)]
        while let token = results.last!.continueToken {
            var next = request
            next.continueToken = token
            results.append(try f.store.list(next))
        }
        return results
    }

    @Test func limitAndContinueWalkEverythingOnceAtOneRevision() throws {
        let f = try populated()
        let paged = try pages(f, ListRequest(resource: "pods", limit: 5))
        #expect(paged.map(\.items.count) == [5, 5, 5, 5, 4])
        #expect(Set(paged.map(\.revision)) == [24])
        let whole = try f.store.list(ListRequest(resource: "pods"))
        #expect(paged.flatMap(\.items).map(\.key) == whole.items.map(\.key))
        // An exact multiple of the limit ends without a dangling token.
        #expect(try pages(f, ListRequest(resource: "pods", limit: 8)).map(\.items.count) == [8, 8, 8])
    }

    @Test func pagingWithSelectorsAndANamespace() throws {
        let f = try populated()
        let odd = try pages(f, ListRequest(resource: "pods", namespace: "default", labelSelector: LabelSelector(parsing: "i=1"), limit: 3))
        #expect(odd.flatMap(\.items).map(\.key.name) == ["pod-1", "pod-3", "pod-5", "pod-7"])
    }

    /// Later pages show the first page's snapshot: writes made meanwhile don't appear, deletions don't
    /// disappear, modifications show the old bytes.
    @Test func laterPagesAreConsistentWithTheFirst() throws {
        let f = try populated()
        let first = try f.store.list(ListRequest(resource: "pods", namespace: "prod", limit: 3))
        let before = try f.store.list(ListRequest(resource: "pods", namespace: "prod"))
        try f.store.delete(podKey("pod-5", namespace: "prod"))
        _ = try f.store.update(podKey("pod-6", namespace: "prod"), pod("pod-6", namespace: "prod", note: "changed"))
        _ = try f.store.create(podKey("pod-4a", namespace: "prod"), uid: "new", pod("pod-4a", namespace: "prod"))
        _ = try f.store.create(podKey("pod-9", namespace: "default"), uid: "new2", pod("pod-9"))

        var rest: [StoredObject] = [], token = first.continueToken
        while let t = token {
            let page = try f.store.list(ListRequest(resource: "pods", namespace: "prod", limit: 3, continueToken: t))
            #expect(page.revision == first.revision)
            rest += page.items
            token = page.continueToken
        }
        let seen = first.items + rest
        #expect(seen.map(\.key.name) == before.items.map(\.key.name))
        #expect(seen.map(\.value) == before.items.map(\.value))
        // A fresh list sees the new state.
        let now = try f.store.list(ListRequest(resource: "pods", namespace: "prod"))
        #expect(now.items.map(\.key.name) == ["pod-0", "pod-1", "pod-2", "pod-3", "pod-4", "pod-4a", "pod-6", "pod-7"])
    }

    @Test func listAtAnExactRevision() throws {
        let f = try populated()
        let at3 = try f.store.list(ListRequest(resource: "pods", revision: 3))
        #expect(at3.revision == 3)
        #expect(at3.items.map { "\($0.key.namespace)/\($0.key.name)" } == ["default/pod-5", "kube-system/pod-5", "prod/pod-5"])
        #expect(throws: StoreError.tooLargeResourceVersion(requested: 99, current: 24)) {
            try f.store.list(ListRequest(resource: "pods", revision: 99))
        }
    }

    @Test func continueBeyondTheHistoryWindowExpires() throws {
        let f = try populated(window: 5)
        let first = try f.store.list(ListRequest(resource: "pods", limit: 2))
        for i in 0..<6 { _ = try f.store.update(podKey("pod-0", namespace: "prod"), pod("pod-0", namespace: "prod", note: "\(i)")) }
        #expect(throws: StoreError.continueExpired(requested: 24, oldest: 25)) {
            try f.store.list(ListRequest(resource: "pods", limit: 2, continueToken: first.continueToken))
        }
    }

    @Test(arguments: ["!!!", "bm90LWEtdG9rZW4", "MTIAYQ"])
    func malformedContinueTokensAreInvalid(_ token: String) throws {
        let f = try StoreFixture()
        #expect(throws: StoreError.self) { try f.store.list(ListRequest(resource: "pods", continueToken: token)) }
    }

    @Test func continueTokensRoundTrip() throws {
        let token = ContinueToken(revision: 42, after: ListPosition(namespace: "ns", name: "n"))
        #expect(try ContinueToken(decoding: token.encoded) == token)
        for length in 0..<7 {
            let bytes = (0..<length).map { UInt8($0 * 77 % 256) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }
}
