import Foundation
import Testing
import TestSupport

/// Server-side apply over HTTP, for what the engine's unit tests cannot see: the REST layer's memory of
/// unchanged applies, and the fields kube-apiserver's registry sets around the field manager.
@Suite("Server-side apply end to end")
struct ApplyRESTTests {
    typealias API = RESTTests.API
    static let apply = "application/apply-patch+yaml"

    func resourceVersion(_ a: RESTTests.Answer) -> String? {
        (a.json["metadata"] as? [String: Any])?["resourceVersion"] as? String
    }

    func managers(_ a: RESTTests.Answer) -> [String] {
        ((a.json["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]] ?? []).compactMap {
            $0["manager"] as? String
        }
    }

    @Test func aRepeatedApplyIsAnsweredAsUnchangedOnlyWhileNothingElseChanged() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let api = try API(s.port("localhost"))
        let path = "/api/v1/namespaces/default/configmaps/c"
        let config = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}"#
        let created = try api.call("PATCH", path + "?fieldManager=a", config, contentType: Self.apply)
        #expect(created.status == 201)
        let first = try #require(resourceVersion(created))
        for _ in 0..<3 {
            let again = try api.call("PATCH", path + "?fieldManager=a", config, contentType: Self.apply)
            #expect(again.status == 200)
            #expect(resourceVersion(again) == first)
        }
        // Another manager applying the same bytes shares the field: a change of managedFields.
        let shared = try api.call("PATCH", path + "?fieldManager=b", config, contentType: Self.apply)
        #expect(managers(shared).sorted() == ["a", "b"])
        #expect(resourceVersion(shared) != first)
        // Someone edits the value: the same apply as before is evaluated again, and now conflicts.
        let edited = try api.call(
            "PATCH", path + "?fieldManager=editor", #"{"data":{"k":"edited"}}"#,
            contentType: "application/merge-patch+json")
        #expect((edited.json["data"] as? [String: String])?["k"] == "edited")
        let conflict = try api.call("PATCH", path + "?fieldManager=a", config, contentType: Self.apply)
        #expect(conflict.status == 409)
        let restored = try api.call("PATCH", path + "?fieldManager=a&force=true", config, contentType: Self.apply)
        #expect(restored.status == 200)
        #expect((restored.json["data"] as? [String: String])?["k"] == "v")
        #expect(resourceVersion(restored) != resourceVersion(edited))
        // Strict validation is an option of its own: the same bytes are checked again under it.
        let strict = try api.call(
            "PATCH", path + "?fieldManager=a&force=true&fieldValidation=Strict", config, contentType: Self.apply)
        #expect(strict.status == 200)
        #expect(resourceVersion(strict) == resourceVersion(restored))
    }

    /// The managedFields entry of `manager` as FieldsV1 text.
    func fieldsV1(_ a: RESTTests.Answer, _ manager: String) throws -> String {
        let entries = (a.json["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]] ?? []
        let entry = try #require(entries.first { $0["manager"] as? String == manager })
        let data = try JSONSerialization.data(withJSONObject: entry["fieldsV1"] ?? [:], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func creatorsOwnWhatTheySentAndItsDefaultsButNotWhatTheRegistrySets() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let api = try API(s.port("localhost"))
        // A pod: the Go struct's resources: {} is there and owned, as kube's managedFields show.
        let pod = try api.call(
            "POST", "/api/v1/namespaces/default/pods?fieldManager=maker",
            #"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}"#)
        #expect(pod.status == 201)
        let containers = (pod.json["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
        #expect(containers?.first?["resources"] as? [String: Any] != nil)
        let podFields = try fieldsV1(pod, "maker")
        #expect(podFields.contains(#""f:resources":{}"#))
        #expect(podFields.contains(#""f:imagePullPolicy":{}"#))  // a default, decoded in before the field manager
        #expect(!podFields.contains(#""f:status""#))
        // A service: the cluster IP and its families are the registry's, allocated after the field manager.
        let service = try api.call(
            "POST", "/api/v1/namespaces/default/services?fieldManager=maker",
            #"{"metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}"#)
        #expect(service.status == 201)
        #expect(((service.json["spec"] as? [String: Any])?["clusterIP"] as? String)?.hasPrefix("10.") == true)
        let serviceFields = try fieldsV1(service, "maker")
        #expect(serviceFields.contains(#""f:sessionAffinity":{}"#))
        #expect(serviceFields.contains(#""f:type":{}"#))
        for allocated in ["f:clusterIP", "f:clusterIPs", "f:ipFamilies", "f:ipFamilyPolicy"] {
            #expect(!serviceFields.contains("\"\(allocated)\""), "\(allocated) in \(serviceFields)")
        }
        // A namespace: the kubernetes finalizer is the registry's (PrepareForCreate), not the creator's.
        let namespace = try api.call(
            "POST", "/api/v1/namespaces?fieldManager=maker", #"{"metadata":{"name":"team","labels":{"a":"b"}}}"#)
        #expect(namespace.status == 201)
        #expect((namespace.json["spec"] as? [String: Any])?["finalizers"] as? [String] == ["kubernetes"])
        #expect(try fieldsV1(namespace, "maker") == #"{"f:metadata":{"f:labels":{".":{},"f:a":{}}}}"#)
    }

    @Test func fieldManagerRefusalsAreKubesWords() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let api = try API(s.port("localhost"))
        let config = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"#
        let path = "/api/v1/namespaces/default/configmaps/c"
        let long = try api.call(
            "PATCH", path + "?fieldManager=" + String(repeating: "m", count: 129), config, contentType: Self.apply)
        #expect(long.status == 422)
        #expect(
            long.json["message"] as? String
                == #"PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes"#)
        let cause = ((long.json["details"] as? [String: Any])?["causes"] as? [[String: Any]])?.first
        #expect(cause?["reason"] as? String == "FieldValueTooLong")
        #expect(cause?["message"] as? String == "Too long: may not be more than 128 bytes")
        let control = try api.call("PATCH", path + "?fieldManager=a%07b%09", config, contentType: Self.apply)
        #expect(control.status == 422)
        #expect(
            control.json["message"] as? String
                == #"PatchOptions.meta.k8s.io "" is invalid: [fieldManager: Invalid value: "a\ab\t": invalid character U+0007 (at position 1), fieldManager: Invalid value: "a\ab\t": invalid character U+0009 (at position 3)]"#
        )
    }

    @Test func repeatedKeysInAJSONConfigurationAreRefusedWhenStrictAndWarnedOtherwise() throws {
        let s = try ServerProcess.serve(["--access-log=false"])
        let port = s.port("localhost")
        let config = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"1","k":"2"}}"#
        func apply(_ mode: String) throws -> RawClient.Response {
            let client = try RawClient(port: port)
            try client.send(
                "PATCH /api/v1/namespaces/default/configmaps/c?fieldManager=m&fieldValidation=\(mode) HTTP/1.1\r\n"
                    + "Host: x\r\nContent-Type: \(Self.apply)\r\nContent-Length: \(config.utf8.count)\r\n\r\n\(config)")
            return try client.readResponse()
        }
        let strict = try apply("Strict")
        #expect(strict.status == 400)
        #expect(
            strict.text.contains(
                #"error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 1: key \"k\" already set in map"#
            ))
        let warned = try apply("Warn")
        #expect(warned.status == 201)
        #expect(warned.header("warning") == #"299 - "line 1: key \"k\" already set in map""#)
        // Again, unchanged (evaluated, then answered from the remembered apply): the same warning.
        for _ in 0..<2 {
            let again = try apply("Warn")
            #expect(again.status == 200)
            #expect(again.header("warning") == #"299 - "line 1: key \"k\" already set in map""#)
        }
        #expect(try apply("Ignore").header("warning") == nil)
    }
}
