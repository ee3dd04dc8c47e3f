import KubeAPI

/// The protobuf decoder. The first input byte picks how the rest is fed: 0 as a whole request body (the
/// fuzzer builds the `k8s\0` envelope itself, seeded with kubectl's), else as the raw object of an
/// envelope naming one of the kinds below. Whatever decodes must decode the same way twice, be an object
/// whose kind and apiVersion are the envelope's, and write as JSON that round-trips.
enum ProtobufChecks {
    static let kinds: [(apiVersion: String, kind: String)] = [
        ("v1", "Pod"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Namespace"), ("v1", "Node"),
        ("v1", "Event"), ("v1", "Endpoints"), ("v1", "ServiceAccount"), ("v1", "Binding"), ("v1", "DeleteOptions"),
        ("authorization.k8s.io/v1", "SelfSubjectAccessReview"), ("authorization.k8s.io/v1", "SubjectAccessReview"),
    ]

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let selector = input.first else { return }
        let rest = Array(input.dropFirst())
        let body: [UInt8]
        var expected: (apiVersion: String, kind: String)?
        if selector == 0 {
            body = rest
        } else {
            let pick = kinds[Int(selector - 1) % kinds.count]
            expected = pick
            body = envelope(apiVersion: pick.apiVersion, kind: pick.kind, raw: rest)
        }
        guard let value = try? ProtobufDecoder.decode(body) else { return }
        guard let again = try? ProtobufDecoder.decode(body), again == value else {
            throw FuzzFailure("decoding the same body twice differs")
        }
        guard case .object(let members) = value else {
            throw FuzzFailure("decoded to \(value.typeName), not an object")
        }
        let kind = members.first { $0.key == "kind" }?.value,
            apiVersion = members.first { $0.key == "apiVersion" }?.value
        guard case .string(let k)? = kind, case .string(let v)? = apiVersion, !k.isEmpty else {
            throw FuzzFailure("decoded object without kind and apiVersion: \(value.text)")
        }
        if let expected, expected.kind != k || expected.apiVersion != v {
            throw FuzzFailure("envelope said \(expected.apiVersion) \(expected.kind), object says \(v) \(k)")
        }
        try JSONChecks.roundTrip(value, what: "decoded \(k)")
    }

    /// kube's `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
    static func envelope(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
        let typeMeta = field(1, Array(apiVersion.utf8)) + field(2, Array(kind.utf8))
        return [0x6B, 0x38, 0x73, 0x00] + field(1, typeMeta) + field(2, raw)
    }

    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(bytes.count)) + bytes
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        return out + [UInt8(v)]
    }
}
