import Testing
@testable import KubeAPI

/// The bytes themselves, where kube's Go Marshal methods fix them: the envelope, int-or-string, times,
/// quantities, map entries, lists and watch frames.
@Suite("Protobuf: the encoder's wire bytes")
struct ProtobufEncoderTests {
    let core = "io.k8s.api.core.v1."

    func message(_ name: String, _ json: String) throws -> [UInt8] {
        try #require(ProtobufEncoder.message(name, try JSONParser.parse(Substring(json))))
    }

    @Test func envelopeIsRuntimeUnknown() throws {
        let ns = try JSONParser.parse(Substring(#"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"demo"}}"#))
        let bytes = try #require(ProtobufEncoder.envelope(ns))
        // k8s\0, typeMeta {apiVersion, kind}, raw {metadata {name}}, contentEncoding "", contentType "".
        #expect(
            bytes == [0x6B, 0x38, 0x73, 0x00] + PB.message(1, PB.string(1, "v1"), PB.string(2, "Namespace"))
                + PB.message(2, PB.message(1, PB.string(1, "demo"))) + PB.string(3, "") + PB.string(4, ""))
        #expect(
            ProtobufEncoder.rawRange(ofEnvelope: bytes).map { Array(bytes[$0]) } == PB.message(1, PB.string(1, "demo")))
        #expect(ProtobufEncoder.rawRange(ofEnvelope: Array("{}".utf8)) == nil)
    }

    @Test func intOrStringWritesAllThreeFields() throws {
        #expect(
            try message(core + "TCPSocketAction", #"{"port":8080}"#)
                == PB.message(1, PB.int(1, 0), PB.int(2, 8080), PB.string(3, "")))
        #expect(
            try message(core + "TCPSocketAction", #"{"port":"http"}"#)
                == PB.message(1, PB.int(1, 1), PB.int(2, 0), PB.string(3, "http")))
    }

    @Test func timesQuantitiesAndDurations() throws {
        // metav1.Time keeps seconds (nanos 0); MicroTime keeps microseconds; Go's zero time is an empty message.
        #expect(
            try message(
                core + "PodCondition",
                #"{"type":"Ready","lastTransitionTime":"2023-11-14T22:13:20.999Z","lastProbeTime":"0001-01-01T00:00:00Z"}"#
            )
                == PB.string(1, "Ready") + PB.message(3) + PB.message(4, PB.int(1, 1_700_000_000), PB.int(2, 0)))
        // null (a zero non-pointer Time in Go's JSON) is the same empty message.
        #expect(try message(core + "PodCondition", #"{"lastProbeTime":null}"#) == PB.message(3))
        #expect(
            try message(core + "EventSeries", #"{"count":2,"lastObservedTime":"2000-02-29T01:00:00.123456789+01:00"}"#)
                == PB.int(1, 2) + PB.message(2, PB.int(1, 951_782_400), PB.int(2, 123_456_000)))
        #expect(
            try message(core + "ResourceRequirements", #"{"limits":{"memory":"128Mi","cpu":1}}"#)
                == PB.entry(1, "cpu", PB.message(2, PB.string(1, "1")))
                + PB.entry(1, "memory", PB.message(2, PB.string(1, "128Mi"))))
        #expect(GoTime.parseDuration("1h2m3.5s") == 3_723_500_000_000)
        #expect(GoTime.parseDuration("-1.5µs") == -1500)
        #expect(GoTime.parseDuration("0") == 0)
        #expect(
            GoTime.parseDuration("5") == nil && GoTime.parseDuration("1d") == nil && GoTime.parseDuration("") == nil)
    }

    @Test func scalarsRepeatedAndNegative() throws {
        // Negative int32s are sign-extended to ten bytes; repeated scalars are unpacked (proto2).
        #expect(
            try message(core + "SecurityContext", #"{"runAsUser":-1,"privileged":false}"#) == PB.bool(2, false)
                + PB.int(4, -1))
        #expect(
            try message(core + "Capabilities", #"{"add":["NET_ADMIN","SYS_TIME"]}"#) == PB.string(1, "NET_ADMIN")
                + PB.string(1, "SYS_TIME"))
        #expect(
            try message(core + "Secret", #"{"data":{"k":"/wAB"}}"#)
                == PB.entry(2, "k", PB.bytes(2, [0xFF, 0x00, 0x01])))
        #expect(try message(core + "Secret", #"{"data":{"k":"not base64!"}}"#) == PB.entry(2, "k", PB.bytes(2, [])))
    }

    @Test func listsCarryListMetaAndTheItemsMessages() throws {
        let a = try #require(
            ProtobufEncoder.envelope(
                try JSONParser.parse(Substring(#"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"}}"#))))
        let b = try #require(
            ProtobufEncoder.envelope(
                try JSONParser.parse(
                    Substring(#"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"b"},"data":{"x":"y"}}"#))))
        let list = ProtobufEncoder.list(
            apiVersion: "v1", kind: "ConfigMapList", resourceVersion: "17", continueToken: "tok", itemEnvelopes: [a, b])
        #expect(
            try ProtobufDecoder.decode(list).text
                == #"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"17","continue":"tok"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"},"data":{"x":"y"}}]}"#
        )
    }

    @Test func watchFramesAreLengthPrefixedWatchEvents() throws {
        let object = try #require(
            ProtobufEncoder.envelope(
                try JSONParser.parse(Substring(#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"}}"#))))
        let frame = ProtobufEncoder.watchFrame(type: "ADDED", objectEnvelope: object)
        let length = Int(frame[0]) << 24 | Int(frame[1]) << 16 | Int(frame[2]) << 8 | Int(frame[3])
        #expect(length == frame.count - 4)
        let event = try ProtobufDecoder.decode(
            message: "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", from: Array(frame.dropFirst(4)))
        #expect(event.text == #"{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"}}}"#)
    }
}
