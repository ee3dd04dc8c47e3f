import Testing
@testable import Storage

@Suite struct CRUDTests {
    @Test func createAssignsTheRevisionAndGetServesTheFinalBytes() throws {
        let f = try StoreFixture()
        let created = try f.store.create(podKey("a"), uid: "uid-a", pod("a", labels: ["app": "web"]))
        #expect(created.createRevision == 1 && created.modRevision == 1)
        #expect(embeddedResourceVersion(created) == "1")
        #expect(f.store.revision == 1)
        let got = try #require(f.store.get(podKey("a")))
        #expect(got.value == created.value)
        #expect(got.uid == "uid-a" && got.labels == ["app": "web"] && got.fields["status.phase"] == "Pending")
        #expect(f.store.get(podKey("a", namespace: "other")) == nil)
    }

    @Test func createOfAnExistingKeyIsAlreadyExistsAndConsumesNoRevision() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "1", pod("a"))
        #expect(throws: StoreError.alreadyExists(podKey("a"))) { try f.store.create(podKey("a"), uid: "2", pod("a")) }
        #expect(f.store.revision == 1)
        #expect(f.store.get(podKey("a"))?.uid == "1")
        #expect(try f.store.create(podKey("b"), uid: "3", pod("b")).modRevision == 2)
    }

    @Test func updateKeepsUIDAndCreateRevision() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "uid-a", pod("a"))
        _ = try f.store.create(podKey("other"), uid: "o", pod("other"))
        let updated = try f.store.update(podKey("a"), pod("a", phase: "Running", note: "v2"))
        #expect(updated.modRevision == 3 && updated.createRevision == 1 && updated.uid == "uid-a")
        #expect(embeddedResourceVersion(updated) == "3")
        #expect(f.store.get(podKey("a"))?.fields["status.phase"] == "Running")
        #expect(note(f.store.get(podKey("a"))!) == "v2")
    }

    @Test func updateOrDeleteOfAMissingKeyIsNotFound() throws {
        let f = try StoreFixture()
        #expect(throws: StoreError.notFound(podKey("x"))) { try f.store.update(podKey("x"), pod("x")) }
        #expect(throws: StoreError.notFound(podKey("x"))) { try f.store.delete(podKey("x")) }
        #expect(f.store.revision == 0)
    }

    @Test func deleteReturnsTheTombstoneAtTheDeletionRevision() throws {
        let f = try StoreFixture()
        _ = try f.store.create(podKey("a"), uid: "u", pod("a", labels: ["app": "web"]))
        let tombstone = try f.store.delete(podKey("a"), tombstone: { deleted, revision in
            Array(#"{"deleted":"\#(deleted.key.name)","resourceVersion":"\#(revision)"}"#.utf8)
        })
        #expect(tombstone.modRevision == 2 && tombstone.createRevision == 1 && tombstone.labels == ["app": "web"])
        #expect(String(decoding: tombstone.value, as: UTF8.self) == #"{"deleted":"a","resourceVersion":"2"}"#)
        #expect(f.store.get(podKey("a")) == nil)
        #expect(throws: StoreError.notFound(podKey("a"))) { try f.store.delete(podKey("a")) }
        // The name is free again; the new object is a new creation.
        #expect(try f.store.create(podKey("a"), uid: "u2", pod("a")).createRevision == 3)
    }

    @Test func clusterScopedKeysAndOneRevisionAcrossResources() throws {
        let f = try StoreFixture()
        let node = ObjectKey(resource: "nodes", name: "n1")
        #expect(try f.store.create(node, uid: "n", ObjectDraft(value: Array("{}".utf8))).modRevision == 1)
        #expect(try f.store.create(podKey("a"), uid: "p", pod("a")).modRevision == 2)
        #expect(f.store.get(node)?.key.namespace == "")
        #expect(node.description == "nodes/n1" && podKey("a").description == "pods/default/a")
    }

    @Test func asyncCompletionsFireAfterTheWriteIsVisible() throws {
        let f = try StoreFixture()
        let box = ResultBox<(Result<StoredObject, StoreError>, StoredObject?)>()
        let store = f.store
        store.create(podKey("a"), uid: "u", pod("a")) { result in box.fulfil((result, store.get(podKey("a")))) }
        let (result, seen) = box.wait()
        #expect(try result.get().modRevision == 1)
        #expect(seen?.modRevision == 1)  // read-your-writes from inside the completion
    }

    @Test func writesAfterCloseAreRefused() throws {
        let f = try StoreFixture()
        f.store.close()
        #expect(throws: StoreError.closed) { try f.store.create(podKey("a"), uid: "u", pod("a")) }
        #expect(throws: StoreError.closed) { try f.store.watch(WatchRequest(resource: "pods"), onReady: {}) }
    }
}
