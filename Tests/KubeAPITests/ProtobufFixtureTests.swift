import Testing
@testable import KubeAPI

/// kubectl's own protobuf requests (recorded once, see KubectlProtobufFixtures) decode to exactly the JSON
/// kubectl prints for the same command with `--dry-run=client -o json`: same members, order and values.
@Suite("Protobuf: kubectl's recorded envelopes")
struct ProtobufFixtureTests {
    func decode(_ fixture: String) throws -> JSONValue {
        try ProtobufDecoder.decode(KubectlProtobufFixtures.bytes(fixture))
    }

    @Test func namespace() throws {
        #expect(
            try decode(KubectlProtobufFixtures.namespace).text
                == #"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"demo","creationTimestamp":null},"spec":{},"status":{}}"#
        )
    }

    @Test func configMap() throws {
        #expect(
            try decode(KubectlProtobufFixtures.configMap).text
                == #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1","namespace":"default","creationTimestamp":null},"data":{"a":"b"}}"#
        )
    }

    @Test func secretDataIsBase64() throws {
        let secret = try decode(KubectlProtobufFixtures.secret)
        #expect(
            secret.text
                == #"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1","creationTimestamp":null},"data":{"password":"aHVudGVyMg=="}}"#
        )
        #expect(secret[["data", "password"]]?.string == "aHVudGVyMg==")  // "hunter2"
    }

    @Test func selfSubjectAccessReview() throws {
        let review = try decode(KubectlProtobufFixtures.selfSubjectAccessReview)
        #expect(
            review.text
                == #"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"pods"}},"status":{"allowed":false}}"#
        )
        #expect(review[["spec", "resourceAttributes", "verb"]]?.string == "create")
    }

    @Test func serviceWithIntOrStringTargetPort() throws {
        let service = try decode(KubectlProtobufFixtures.service)
        #expect(
            service.text
                == #"{"kind":"Service","apiVersion":"v1","metadata":{"name":"svc1","namespace":"default","creationTimestamp":null,"labels":{"app":"svc1"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"svc1"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}"#
        )
        #expect(service[["spec", "ports"]]?.array?.first?["targetPort"] == .number("8080"))
    }

    @Test func serviceAccount() throws {
        #expect(
            try decode(KubectlProtobufFixtures.serviceAccount).text
                == #"{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa1","namespace":"default","creationTimestamp":null}}"#
        )
    }

    @Test("every fixture is a k8s\\0 envelope that passes strict validation", arguments: KubectlProtobufFixtures.all)
    func fixturesAreCleanUnderStrictValidation(fixture: String) throws {
        let bytes = KubectlProtobufFixtures.bytes(fixture)
        #expect(Array(bytes.prefix(4)) == [0x6B, 0x38, 0x73, 0x00])
        let object = try ProtobufDecoder.decode(bytes)
        let problems = SchemaValidator.problems(
            in: object, apiVersion: object["apiVersion"]?.string ?? "", kind: object["kind"]?.string ?? "")
        #expect(problems == [])
    }

    @Test("any truncation of a recorded envelope fails cleanly", arguments: KubectlProtobufFixtures.all)
    func everyTruncationThrows(fixture: String) {
        let bytes = KubectlProtobufFixtures.bytes(fixture)
        // Cutting inside the envelope header or a length-delimited field must throw, never trap; a few cuts
        // land on a field boundary of the outer message and still decode (the rest is optional).
        var failures = 0
        for length in 0..<bytes.count {
            do { _ = try ProtobufDecoder.decode(Array(bytes.prefix(length))) } catch { failures += 1 }
        }
        #expect(failures >= bytes.count - 4)
    }
}
