import Testing
@testable import KubeAPI

@Suite("Protobuf: wire format and malformed input")
struct ProtobufWireTests {
    func read(_ bytes: [UInt8]) throws(ProtobufError) -> [(Int, ProtobufReader.Value)] {
        var reader = ProtobufReader(bytes)
        var out: [(Int, ProtobufReader.Value)] = []
        while !reader.atEnd { out.append(try reader.next()) }
        return out
    }

    func varint(_ bytes: [UInt8]) throws(ProtobufError) -> UInt64 {
        var reader = ProtobufReader(bytes)
        return try reader.varint()
    }

    @Test func varints() throws {
        #expect(try varint([0x00]) == 0)
        #expect(try varint([0xAC, 0x02]) == 300)
        #expect(try varint([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) == UInt64.max)
        #expect(throws: ProtobufError.badVarint(offset: 0)) { try varint([UInt8](repeating: 0xFF, count: 10) + [0x01]) }
        #expect(throws: ProtobufError.badVarint(offset: 0)) { try varint([UInt8](repeating: 0xFF, count: 9) + [0x02]) }
        #expect(throws: ProtobufError.truncated(offset: 2)) { try varint([0x80, 0x80]) }
    }

    @Test func everyWireTypeAndBadTags() throws {
        let fields = try read(
            PB.int(1, 7) + PB.tag(2, 1) + [1, 0, 0, 0, 0, 0, 0, 0] + PB.tag(3, 5) + [2, 0, 0, 0] + PB.string(4, "ab"))
        #expect(fields.map(\.0) == [1, 2, 3, 4])
        guard case .fixed64(1) = fields[1].1, case .fixed32(2) = fields[2].1, case .bytes(let r) = fields[3].1 else {
            Issue.record("wrong values \(fields)")
            return
        }
        #expect(r == 18..<20)
        #expect(throws: ProtobufError.badTag(offset: 0)) { try read(PB.tag(1, 3)) }  // start group
        #expect(throws: ProtobufError.badTag(offset: 0)) { try read(PB.tag(1, 6)) }
        #expect(throws: ProtobufError.badTag(offset: 0)) { try read(PB.int(0, 1)) }  // field 0
        #expect(throws: ProtobufError.truncated(offset: 1)) { try read(PB.tag(1, 1) + [1, 2, 3]) }
        #expect(throws: ProtobufError.truncated(offset: 1)) { try read(PB.tag(1, 5)) }
    }

    @Test func hugeAndOverlongLengths() {
        // A length past the end of the buffer, a length of 2^64-1 and one that overflows Int all throw.
        #expect(throws: ProtobufError.truncated(offset: 2)) { try read(PB.tag(1, 2) + [0x05, 0x61]) }
        #expect(throws: ProtobufError.truncated(offset: 11)) { try read(PB.tag(1, 2) + PB.varint(UInt64.max)) }
        #expect(throws: ProtobufError.truncated(offset: 10)) { try read(PB.tag(1, 2) + PB.varint(UInt64(Int.max))) }
        let pod = PB.envelope(apiVersion: "v1", kind: "Pod", PB.tag(1, 2) + PB.varint(1 << 40))
        #expect(throws: ProtobufError.self) { try ProtobufDecoder.decode(pod) }
    }

    @Test func envelopeErrors() {
        #expect(throws: ProtobufError.notAnEnvelope) { try ProtobufDecoder.decode(Array(#"{"kind":"Pod"}"#.utf8)) }
        #expect(throws: ProtobufError.notAnEnvelope) { try ProtobufDecoder.decode([0x6B, 0x38, 0x73]) }
        #expect(throws: ProtobufError.unknownKind(apiVersion: "apps/v1", kind: "Deployment")) {
            try ProtobufDecoder.decode(PB.envelope(apiVersion: "apps/v1", kind: "Deployment", []))
        }
        #expect(throws: ProtobufError.unsupportedEncoding("gzip")) {
            try ProtobufDecoder.decode(PB.envelope(apiVersion: "v1", kind: "Pod", [], encoding: "gzip"))
        }
        #expect(throws: ProtobufError.wrongWireType(field: "Unknown.raw", wireType: 0)) {
            try ProtobufDecoder.decode([0x6B, 0x38, 0x73, 0x00] + PB.int(2, 1))
        }
    }

    @Test func unknownFieldsAreSkippedAndWrongWireTypesRejected() throws {
        let meta = PB.message(
            1, PB.string(1, "x"), PB.int(99, 5), PB.tag(98, 1) + [0, 0, 0, 0, 0, 0, 0, 0], PB.string(97, "?"))
        let ns = try ProtobufDecoder.decode(
            PB.envelope(apiVersion: "v1", kind: "Namespace", meta + PB.tag(50, 5) + [1, 2, 3, 4]))
        #expect(ns.text == #"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x"}}"#)
        #expect(throws: ProtobufError.wrongWireType(field: "ObjectMeta.name", wireType: 0)) {
            try ProtobufDecoder.decode(PB.envelope(apiVersion: "v1", kind: "Namespace", PB.message(1, PB.int(1, 3))))
        }
    }

    @Test func packedAndUnpackedRepeatedScalars() throws {
        let packed = PB.bytes(4, PB.varint(1000) + PB.varint(2000))
        let unpacked = PB.int(4, 1000) + PB.int(4, 2000)
        for body in [packed, unpacked, PB.int(4, 1000) + PB.bytes(4, PB.varint(2000))] {
            let context = try ProtobufDecoder.decode(message: "io.k8s.api.core.v1.PodSecurityContext", from: body)
            #expect(context.text == #"{"supplementalGroups":[1000,2000]}"#)
        }
        #expect(throws: ProtobufError.truncated(offset: 3)) {
            try ProtobufDecoder.decode(message: "io.k8s.api.core.v1.PodSecurityContext", from: PB.bytes(4, [0x80]))
        }
    }

    @Test func negativeIntegers() throws {
        // int32 -1 travels as a ten-byte sign-extended varint.
        let port = try ProtobufDecoder.decode(
            message: "io.k8s.api.core.v1.ContainerPort", from: PB.int(3, -1) + PB.int(2, -7))
        #expect(port.text == #"{"hostPort":-7,"containerPort":-1}"#)
        let toleration = try ProtobufDecoder.decode(
            message: "io.k8s.api.core.v1.Toleration", from: PB.int(5, Int64.min))
        #expect(toleration["tolerationSeconds"] == .number("-9223372036854775808"))
    }

    @Test func depthIsLimited() throws {
        // WatchEvent.object is a RawExtension, which may hold another envelope: nest them past the limit.
        var body = PB.envelope(apiVersion: "v1", kind: "Namespace", [])
        for _ in 0..<30 {
            body = PB.envelope(
                apiVersion: "v1", kind: "WatchEvent", PB.string(1, "ADDED") + PB.message(2, PB.bytes(1, body)))
        }
        let shallow = try ProtobufDecoder.decode(body)
        #expect(shallow[["object", "object", "object", "type"]]?.string == "ADDED")
        for _ in 0..<40 {
            body = PB.envelope(
                apiVersion: "v1", kind: "WatchEvent", PB.string(1, "ADDED") + PB.message(2, PB.bytes(1, body)))
        }
        #expect(throws: ProtobufError.tooDeep) { try ProtobufDecoder.decode(body) }
    }

    @Test func randomCorruptionNeverTraps() {
        // Deterministic xorshift: flip, drop and insert bytes in every recorded fixture; decoding may
        // succeed or throw, but must return.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Int(state % 1_000_003)
        }
        var outcomes = (ok: 0, failed: 0)
        for fixture in KubectlProtobufFixtures.all {
            let original = KubectlProtobufFixtures.bytes(fixture)
            for _ in 0..<400 {
                var bytes = original
                for _ in 0..<(1 + next() % 3) {
                    let at = 4 + next() % (bytes.count - 4)
                    switch next() % 3 {
                    case 0: bytes[at] = UInt8(next() % 256)
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(UInt8(next() % 256), at: at)
                    }
                }
                do { _ = try ProtobufDecoder.decode(bytes); outcomes.ok += 1 } catch { outcomes.failed += 1 }
            }
        }
        #expect(outcomes.ok + outcomes.failed == 400 * KubectlProtobufFixtures.all.count)
        #expect(outcomes.failed > 0)
    }
}
