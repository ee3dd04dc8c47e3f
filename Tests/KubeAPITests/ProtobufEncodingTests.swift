import Testing
@testable import KubeAPI

/// The JSON forms that differ from "an object of the proto fields", and Go's omitempty rules.
@Suite("Protobuf: special encodings")
struct ProtobufEncodingTests {
    let meta = "io.k8s.apimachinery.pkg.apis.meta.v1."

    func decode(_ message: String, _ fields: [UInt8]...) throws -> JSONValue {
        try ProtobufDecoder.decode(message: message, from: fields.flatMap { $0 })
    }

    @Test func times() throws {
        let condition = try decode(
            "io.k8s.api.core.v1.PodCondition", PB.string(1, "Ready"), PB.message(4, PB.int(1, 1_700_000_000)),
            PB.message(3, PB.int(1, -62_135_596_800)))
        #expect(condition.text == #"{"type":"Ready","lastProbeTime":null,"lastTransitionTime":"2023-11-14T22:13:20Z"}"#)
        let event = try decode(
            "io.k8s.api.core.v1.EventSeries", PB.int(1, 2),
            PB.message(2, PB.int(1, 951_782_400), PB.int(2, 123_456_789)))
        #expect(event.text == #"{"count":2,"lastObservedTime":"2000-02-29T00:00:00.123456Z"}"#)
        #expect(GoTime.rfc3339(seconds: -1, nanos: 0, micro: false) == "1969-12-31T23:59:59Z")
        #expect(GoTime.rfc3339(seconds: 253_402_300_799, nanos: 0, micro: false) == "9999-12-31T23:59:59Z")
    }

    @Test func durations() {
        let cases: [(Int64, String)] = [
            (0, "0s"), (999, "999ns"), (1500, "1.5µs"), (1_000_000, "1ms"), (1_500_000_000, "1.5s"),
            (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"), (-2_000_000_000, "-2s"),
            (3_723_004_000_000, "1h2m3.004s"),
        ]
        for (nanos, text) in cases { #expect(GoTime.duration(nanos) == text) }
    }

    @Test func intOrStringAndQuantity() throws {
        let named = try decode(
            "io.k8s.api.core.v1.TCPSocketAction", PB.message(1, PB.int(1, 1), PB.int(2, 0), PB.string(3, "http")))
        #expect(named.text == #"{"port":"http"}"#)
        let resources = try decode(
            "io.k8s.api.core.v1.ResourceRequirements",
            PB.entry(1, "memory", PB.message(2, PB.string(1, "128Mi"))),
            PB.entry(1, "cpu", PB.message(2, PB.string(1, "500m"))))
        #expect(resources.text == #"{"limits":{"cpu":"500m","memory":"128Mi"}}"#)  // map keys sorted, as Go writes them
    }

    @Test func bytesMapsAndRawJSON() throws {
        let secret = try decode(
            "io.k8s.api.core.v1.Secret", PB.entry(2, "k", PB.bytes(2, [0xFF, 0x00, 0x01])), PB.entry(2, "empty", []))
        #expect(secret.text == #"{"data":{"empty":"","k":"/wAB"}}"#)
        let entry = try decode(
            meta + "ManagedFieldsEntry", PB.string(1, "kubectl"),
            PB.message(7, PB.bytes(1, Array(#"{"f:data":{}}"#.utf8))))
        #expect(entry.text == #"{"manager":"kubectl","fieldsV1":{"f:data":{}}}"#)
        let review = try decode(
            "io.k8s.api.authorization.v1.SubjectAccessReviewSpec",
            PB.entry(5, "scopes", PB.message(2, PB.string(1, "a"), PB.string(1, "b"))))
        #expect(review.text == #"{"extra":{"scopes":["a","b"]}}"#)
    }

    @Test func omitemptyZerosAreDroppedButPointerZerosKept() throws {
        // hostNetwork is a plain bool (false = unset); automountServiceAccountToken and priority are pointers.
        let spec = try decode(
            "io.k8s.api.core.v1.PodSpec", PB.bool(11, false), PB.bool(21, false), PB.int(25, 0), PB.string(6, ""),
            PB.message(2, PB.string(1, "c"), PB.bool(16, false)))
        #expect(spec.text == #"{"containers":[{"name":"c"}],"automountServiceAccountToken":false,"priority":0}"#)
        // A required field keeps its zero value.
        #expect(
            try decode("io.k8s.api.authorization.v1.SubjectAccessReviewStatus", PB.bool(1, false)).text
                == #"{"allowed":false}"#)
    }

    @Test func inlineStructsSitInTheirParent() throws {
        let env = try decode(
            "io.k8s.api.core.v1.EnvVarSource", PB.message(3, PB.message(1, PB.string(1, "cm")), PB.string(2, "key")))
        #expect(env.text == #"{"configMapKeyRef":{"name":"cm","key":"key"}}"#)
        let volume = try decode(
            "io.k8s.api.core.v1.Volume", PB.string(1, "v"), PB.message(2, PB.message(2, PB.string(1, "Memory"))))
        #expect(volume.text == #"{"name":"v","emptyDir":{"medium":"Memory"}}"#)
        let probe = try decode(
            "io.k8s.api.core.v1.Probe", PB.message(1, PB.message(3, PB.message(1, PB.int(2, 8080)))), PB.int(4, 10))
        #expect(probe.text == #"{"tcpSocket":{"port":8080},"periodSeconds":10}"#)
    }

    @Test func repeatedMessageFieldsMergeAndLastScalarWins() throws {
        let meta = try decode(
            self.meta + "ObjectMeta", PB.string(1, "a"), PB.string(1, "b"), PB.entry(11, "x", PB.string(2, "1")),
            PB.entry(11, "x", PB.string(2, "2")), PB.string(14, "f1"), PB.string(14, "f2"))
        #expect(meta.text == #"{"name":"b","labels":{"x":"2"},"finalizers":["f1","f2"]}"#)
    }
}
