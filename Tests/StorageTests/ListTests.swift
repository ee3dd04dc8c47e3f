import Testing
@testable import Storage

@Suite struct ListTests {
    /// 3 namespaces × 8 pods, created in a scrambled order; the revisions of the creates, in order.
    func populated(_ kind: StoreKind, window: Int = SQLiteStore.defaultHistoryWindow) throws -> (StoreFixture, [Int64])
    {
        let f = try StoreFixture(kind, window: window)
        var revisions: [Int64] = []
        for i in [5, 2, 7, 0, 3, 6, 1, 4] {
            for ns in ["kube-system", "default", "prod"] {
                revisions.append(
                    try f.store.create(
                        podKey("pod-\(i)", namespace: ns), uid: "\(ns)-\(i)",
                        pod("pod-\(i)", namespace: ns, labels: ["i": "\(i % 2)"])
                    ).modRevision)
            }
        }
        return (f, revisions)
    }

    @Test(arguments: StoreKind.available)
    func listsComeInNamespaceThenNameOrderWithTheirRevision(_ kind: StoreKind) throws {
        let (f, revisions) = try populated(kind)
        let all = try f.store.list(ListRequest(resource: "pods"))
        #expect(all.items.count == 24 && all.revision == revisions.last && all.continueToken == nil)
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

    @Test(arguments: StoreKind.available)
    func limitAndContinueWalkEverythingOnceAtOneRevision(_ kind: StoreKind) throws {
        let (f, revisions) = try populated(kind)
        let paged = try pages(f, ListRequest(resource: "pods", limit: 5))
        #expect(paged.map(\.items.count) == [5, 5, 5, 5, 4])
        #expect(Set(paged.map(\.revision)) == [revisions.last!])
        let whole = try f.store.list(ListRequest(resource: "pods"))
        #expect(paged.flatMap(\.items).map(\.key) == whole.items.map(\.key))
        // An exact multiple of the limit ends without a dangling token.
        #expect(try pages(f, ListRequest(resource: "pods", limit: 8)).map(\.items.count) == [8, 8, 8])
    }

    @Test(arguments: StoreKind.available)
    func pagingWithSelectorsAndANamespace(_ kind: StoreKind) throws {
        let (f, _) = try populated(kind)
        let odd = try pages(
            f,
            ListRequest(resource: "pods", namespace: "default", labelSelector: LabelSelector(parsing: "i=1"), limit: 3))
        #expect(odd.flatMap(\.items).map(\.key.name) == ["pod-1", "pod-3", "pod-5", "pod-7"])
    }

    /// Later pages show the first page's snapshot: writes made meanwhile don't appear, deletions don't
    /// disappear, modifications show the old bytes.
    @Test(arguments: StoreKind.available)
    func laterPagesAreConsistentWithTheFirst(_ kind: StoreKind) throws {
        let (f, _) = try populated(kind)
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

    @Test(arguments: StoreKind.available)
    func listAtAnExactRevision(_ kind: StoreKind) throws {
        let (f, revisions) = try populated(kind)
        let at3 = try f.store.list(ListRequest(resource: "pods", revision: revisions[2]))
        #expect(at3.revision == revisions[2])
        #expect(
            at3.items.map { "\($0.key.namespace)/\($0.key.name)" } == [
                "default/pod-5", "kube-system/pod-5", "prod/pod-5",
            ])
        let future = revisions.last! + 1_000
        #expect(throws: StoreError.tooLargeResourceVersion(requested: future, current: revisions.last!)) {
            try f.store.list(ListRequest(resource: "pods", revision: future))
        }
    }

    @Test(arguments: StoreKind.available)
    func continueBeyondTheHistoryWindowExpires(_ kind: StoreKind) throws {
        let (f, revisions) = try populated(kind, window: 5)
        let first = try f.store.list(ListRequest(resource: "pods", limit: 2))
        var updates: [Int64] = []
        for i in 0..<6 {
            updates.append(
                try f.store.update(podKey("pod-0", namespace: "prod"), pod("pod-0", namespace: "prod", note: "\(i)"))
                    .modRevision)
        }
        // The window holds the last five updates: the first is the oldest revision still resumable.
        #expect(throws: StoreError.continueExpired(requested: revisions.last!, oldest: updates[0])) {
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
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("/reg".utf8)) == "L3JlZw==")  // padded, standard alphabet (etcd's gateway)
    }
}
