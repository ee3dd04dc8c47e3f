import Storage
import Synchronization
import Testing
@testable import APIServer
@testable import KubeAPI

/// kube-apiserver's RetryGenerateName: a generated name that is taken is drawn again, up to 8 attempts.
@Suite struct GeneratedNameCreateTests {
    /// A store stand-in that refuses the names in `taken`, and records every name tried.
    final class Names: Sendable {
        let taken: Set<String>
        let tried = Mutex<[String]>([])
        private let counter = Atomic<Int>(0)
        init(taken: Set<String>) { self.taken = taken }

        func generate(_ prefix: String) -> String { prefix + String(counter.add(1, ordering: .relaxed).newValue) }

        func submit(_ name: String, _ completion: WriteCompletion) {
            tried.withLock { $0.append(name) }
            let key = ObjectKey(resource: "configmaps", namespace: "default", name: name)
            if taken.contains(name) { return completion(.failure(.alreadyExists(key))) }
            completion(
                .success(
                    StoredObject(
                        key: key, uid: "u", labels: [:], fields: [:], value: [], createRevision: 1, modRevision: 1)))
        }

        func run(first: String) -> (result: Result<StoredObject, StoreError>, exhausted: Bool)? {
            let outcome = Mutex<(Result<StoredObject, StoreError>, Bool)?>(nil)
            GeneratedNameCreate(prefix: "job-", generate: generate, submit: submit).run(name: first) {
                result, exhausted in
                outcome.withLock { $0 = (result, exhausted) }
            }
            return outcome.withLock { $0 }
        }
    }

    @Test func aTakenNameIsDrawnAgain() throws {
        let names = Names(taken: ["job-0", "job-1", "job-2"])
        let (result, exhausted) = try #require(names.run(first: "job-0"))
        #expect(try result.get().key.name == "job-3")
        #expect(!exhausted)
        #expect(names.tried.withLock { $0 } == ["job-0", "job-1", "job-2", "job-3"])
    }

    @Test func afterEightTakenNamesTheRefusalStands() throws {
        let names = Names(taken: Set((0..<20).map { "job-\($0)" }))
        let (result, exhausted) = try #require(names.run(first: "job-0"))
        #expect(exhausted)
        #expect(
            throws: StoreError.alreadyExists(ObjectKey(resource: "configmaps", namespace: "default", name: "job-7"))
        ) { try result.get() }
        #expect(names.tried.withLock { $0.count } == GeneratedNameCreate.attempts)
        #expect(GeneratedNameCreate.attempts == 8)
    }

    @Test func otherFailuresAreNotRetried() throws {
        let tried = Atomic<Int>(0)
        let outcome = Mutex<Bool?>(nil)
        GeneratedNameCreate(
            prefix: "job-", generate: { $0 + "x" },
            submit: { _, completion in
                tried.add(1, ordering: .relaxed)
                completion(.failure(.closed))
            }
        ).run(name: "job-a") { _, exhausted in outcome.withLock { $0 = exhausted } }
        #expect(tried.load(ordering: .relaxed) == 1)
        #expect(outcome.withLock { $0 } == false)
    }

    @Test func theFinalRefusalSaysTheServerFoundNoName() {
        let status = StatusError.generateNameConflict("configmaps", "job-abcde")
        #expect(status.code == 409 && status.reason == "AlreadyExists")
        #expect(
            status.message
                == #"configmaps "job-abcde" already exists, the server was not able to generate a unique name for the object"#
        )
        // One details object carrying the object and the retry hint, and the header that goes with it.
        let json = String(decoding: status.json, as: UTF8.self)
        #expect(json.contains(#""details":{"name":"job-abcde","kind":"configmaps","retryAfterSeconds":1}"#), "\(json)")
        #expect(status.response.headers["Retry-After"] == "1")
    }
}
