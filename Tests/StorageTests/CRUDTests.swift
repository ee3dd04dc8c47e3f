import Testing
@testable import Storage

/// Create, get, update, delete: the same behaviour from both stores. Revisions are compared with the ones
/// the writes returned (etcd's are shared with every other key, so they are increasing, not dense).
@Suite struct CRUDTests {
    @Test(arguments: StoreKind.available)
    func createAssignsTheRevisionAndGetServesTheFinalBytes(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let before = f.store.revision
        let created = try f.store.create(podKey("a"), uid: "uid-a", pod("a", labels: ["app": "web"]))
        #expect(created.modRevision > before && created.createRevision == created.modRevision)
        #expect(embeddedResourceVersion(created) == String(created.modRevision))
        #expect(f.store.revision == created.modRevision)
        let got = try #require(f.store.get(podKey("a")))
        #expect(got.value == created.value)
        #expect(got.uid == "uid-a" && got.labels == ["app": "web"] && got.fields["status.phase"] == "Pending")
        #expect(f.store.get(podKey("a", namespace: "other")) == nil)
    }

    @Test(arguments: StoreKind.available)
    func createOfAnExistingKeyIsAlreadyExistsAndConsumesNoRevision(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let a = try f.store.create(podKey("a"), uid: "1", pod("a"))
        #expect(throws: StoreError.alreadyExists(podKey("a"))) { try f.store.create(podKey("a"), uid: "2", pod("a")) }
        #expect(f.store.revision == a.modRevision)
        #expect(f.store.get(podKey("a"))?.uid == "1")
        #expect(try f.store.create(podKey("b"), uid: "3", pod("b")).modRevision > a.modRevision)
    }

    @Test(arguments: StoreKind.available)
    func updateKeepsUIDAndCreateRevision(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let a = try f.store.create(podKey("a"), uid: "uid-a", pod("a"))
        let other = try f.store.create(podKey("other"), uid: "o", pod("other"))
        let updated = try f.store.update(podKey("a"), pod("a", phase: "Running", note: "v2"))
        #expect(
            updated.modRevision > other.modRevision && updated.createRevision == a.modRevision && updated.uid == "uid-a"
        )
        #expect(embeddedResourceVersion(updated) == String(updated.modRevision))
        #expect(f.store.get(podKey("a"))?.fields["status.phase"] == "Running")
        #expect(note(f.store.get(podKey("a"))!) == "v2")
    }

    @Test(arguments: StoreKind.available)
    func updateOrDeleteOfAMissingKeyIsNotFound(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let before = f.store.revision
        #expect(throws: StoreError.notFound(podKey("x"))) { try f.store.update(podKey("x"), pod("x")) }
        #expect(throws: StoreError.notFound(podKey("x"))) { try f.store.delete(podKey("x")) }
        #expect(f.store.revision == before)
    }

    @Test(arguments: StoreKind.available)
    func deleteReturnsTheTombstoneAtTheDeletionRevision(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let a = try f.store.create(podKey("a"), uid: "u", pod("a", labels: ["app": "web"]))
        let tombstone = try f.store.delete(
            podKey("a"),
            tombstone: { deleted, revision in
                Array(#"{"deleted":"\#(deleted.key.name)","resourceVersion":"\#(revision)"}"#.utf8)
            })
        #expect(
            tombstone.modRevision > a.modRevision && tombstone.createRevision == a.modRevision
                && tombstone.labels == ["app": "web"])
        #expect(
            String(decoding: tombstone.value, as: UTF8.self)
                == #"{"deleted":"a","resourceVersion":"\#(tombstone.modRevision)"}"#)
        #expect(f.store.get(podKey("a")) == nil)
        #expect(throws: StoreError.notFound(podKey("a"))) { try f.store.delete(podKey("a")) }
        // The name is free again; the new object is a new creation.
        #expect(try f.store.create(podKey("a"), uid: "u2", pod("a")).createRevision > tombstone.modRevision)
    }

    @Test(arguments: StoreKind.available)
    func clusterScopedKeysAndOneRevisionAcrossResources(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let nodeKey = ObjectKey(resource: "nodes", name: "n1")
        let n = try f.store.create(nodeKey, uid: "n", node("n1"))
        #expect(try f.store.create(podKey("a"), uid: "p", pod("a")).modRevision > n.modRevision)
        #expect(f.store.get(nodeKey)?.key.namespace == "")
        #expect(nodeKey.description == "nodes/n1" && podKey("a").description == "pods/default/a")
    }

    @Test(arguments: StoreKind.available)
    func asyncCompletionsFireAfterTheWriteIsVisible(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let box = ResultBox<(Result<StoredObject, StoreError>, StoredObject?)>()
        let store = f.store
        store.create(podKey("a"), uid: "u", pod("a")) { result in box.fulfil((result, store.get(podKey("a")))) }
        let (result, seen) = box.wait()
        let created = try result.get()
        #expect(seen?.modRevision == created.modRevision)  // read-your-writes from inside the completion
    }

    @Test(arguments: StoreKind.available)
    func writesAfterCloseAreRefused(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        f.store.close()
        #expect(throws: StoreError.closed) { try f.store.create(podKey("a"), uid: "u", pod("a")) }
        #expect(throws: StoreError.closed) { try f.store.watch(WatchRequest(resource: "pods"), onReady: {}) }
    }
}
