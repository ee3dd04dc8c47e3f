import Dispatch
import Foundation
import Testing
import TestSupport

/// Writes as kube-apiserver's GuaranteedUpdate makes them: a patch retries on conflict for as long as other
/// writers get in first, a write that changes nothing stores nothing, and a resourceVersion the client
/// sends is a precondition.
@Suite("REST write retries end to end")
struct RESTWriteRetryTests {
    typealias API = RESTTests.API
    static let path = "/api/v1/namespaces/default/configmaps/shared"

    func resourceVersion(_ a: RESTTests.Answer) -> String? {
        (a.json["metadata"] as? [String: Any])?["resourceVersion"] as? String
    }

    @Test func concurrentPatchesOfOneObjectAllLand() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let port = s.port("localhost")
        #expect(
            try API(port).call("POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"shared"}}"#)
                .status == 201)
        let writers = 16, rounds = 15
        final class Refusals: @unchecked Sendable {
            let lock = NSLock()
            var answers: [String] = []
            func add(_ text: String) { lock.lock(); answers.append(text); lock.unlock() }
        }
        let refusals = Refusals()
        // A thread per writer, so that all of them are in flight at once.
        let done = DispatchGroup()
        for w in 0..<writers {
            done.enter()
            Thread {
                defer { done.leave() }
                guard let api = try? API(port) else { return refusals.add("writer \(w) could not connect") }
                for round in 0..<rounds {
                    let patch = #"{"data":{"w\#(w)":"\#(round)"}}"#
                    let answer = try? api.call("PATCH", Self.path, patch, contentType: "application/merge-patch+json")
                    if answer?.status != 200 {
                        refusals.add("writer \(w) round \(round): \(answer?.text ?? "no answer")")
                    }
                }
            }.start()
        }
        done.wait()
        #expect(refusals.answers.isEmpty, "\(refusals.answers.prefix(3))")
        let data = try API(port).call("GET", Self.path).json["data"] as? [String: String] ?? [:]
        #expect(data == Dictionary(uniqueKeysWithValues: (0..<writers).map { ("w\($0)", "\(rounds - 1)") }))
    }

    @Test func writesThatChangeNothingKeepTheResourceVersion() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let api = try API(s.port("localhost"))
        let created = try api.call(
            "POST", "/api/v1/namespaces/default/configmaps",
            #"{"metadata":{"name":"shared","labels":{"a":"b"}},"data":{"k":"v"}}"#)
        let rv = try #require(resourceVersion(created))
        let patches = [
            ("application/merge-patch+json", #"{"data":{"k":"v"},"metadata":{"labels":{"a":"b"}}}"#),
            ("application/strategic-merge-patch+json", #"{"data":{"k":"v"}}"#),
            ("application/json-patch+json", #"[{"op":"test","path":"/data/k","value":"v"}]"#),
        ]
        for (type, patch) in patches {
            let answer = try api.call("PATCH", Self.path, patch, contentType: type)
            #expect(answer.status == 200, "\(type): \(answer.text)")
            #expect(resourceVersion(answer) == rv, "\(type)")
        }
        // The object as read, put back: nothing stored; with a stale resourceVersion still a conflict.
        let read = try api.call("GET", Self.path)
        let same = try api.call("PUT", Self.path, read.text)
        #expect(same.status == 200)
        #expect(resourceVersion(same) == rv)
        #expect(
            try api.call("PATCH", Self.path, #"{"data":{"k":"w"}}"#, contentType: "application/merge-patch+json").status
                == 200)
        let stale = try api.call("PUT", Self.path, read.text)
        #expect(stale.status == 409)
        // A change does move it.
        #expect(try resourceVersion(api.call("GET", Self.path)) != rv)
    }

    @Test func appliedResourceVersionIsAPrecondition() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let api = try API(s.port("localhost"))
        let apply = "/api/v1/namespaces/default/configmaps/shared?fieldManager=m"
        func config(_ value: String, rv: String) -> String {
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"shared","resourceVersion":"\#(rv)"},"data":{"k":"\#(value)"}}"#
        }
        let created = try api.call("PATCH", apply, config("a", rv: ""), contentType: "application/apply-patch+yaml")
        #expect(created.status == 201)
        let rv = try #require(resourceVersion(created))
        let stale = try api.call("PATCH", apply, config("b", rv: "1"), contentType: "application/apply-patch+yaml")
        #expect(stale.status == 409)
        #expect(stale.json["reason"] as? String == "Conflict")
        let current = try api.call("PATCH", apply, config("b", rv: rv), contentType: "application/apply-patch+yaml")
        #expect(current.status == 200)
        #expect((current.json["data"] as? [String: String])?["k"] == "b")
    }
}
