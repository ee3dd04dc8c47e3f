import Glibc

/// What an API answer is written in, from the request's Accept header, as kube-apiserver negotiates it:
/// the clauses by preference (q, then specific before wildcard, then written order), the first one this
/// server can write wins. client-go components send `application/vnd.kubernetes.protobuf, */*`; kubectl get
/// asks for Tables; everything else takes JSON, which is also the answer when nothing matches.
public enum ResponseFormat: Sendable, Equatable {
    case json
    case protobuf
    /// A meta.k8s.io Table (always JSON), in the group/version asked for.
    case table(groupVersion: String)

    public static func negotiate(accept: String?) -> ResponseFormat {
        guard let accept, !accept.isEmpty else { return .json }
        if let common = commonForm(accept) { return common }
        for clause in Discovery.AcceptClause.parse(accept) {
            if let format = format(for: clause) { return format }
        }
        return .json
    }

    /// The forms clients send on every request, compared as bytes (this runs for every read), or nil for
    /// any other header, which is parsed. client-go sends its content type followed by `, */*` unless told
    /// otherwise, so a protobuf client's every request carries the second form.
    static func commonForm(_ header: String) -> ResponseFormat? {
        var accept = header
        return accept.withUTF8 { bytes in
            if same(bytes, "application/vnd.kubernetes.protobuf") { return .protobuf }
            if same(bytes, "application/json") || same(bytes, "*/*") { return .json }
            if same(bytes, "application/vnd.kubernetes.protobuf, */*") { return .protobuf }
            return nil
        }
    }

    /// Compared eight bytes at a time, the last eight overlapping the word before: `memcmp` is a call when
    /// the length is not known when compiling (the protobuf form's 35 bytes), and dearer than these loads.
    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        guard count >= 8, let base = bytes.baseAddress else {
            return bytes.isEmpty || memcmp(bytes.baseAddress!, literal.utf8Start, count) == 0
        }
        let a = UnsafeRawPointer(base), b = UnsafeRawPointer(literal.utf8Start)
        func word(_ p: UnsafeRawPointer, _ at: Int) -> UInt64 { p.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
        var i = 0
        while i + 8 < count {
            if word(a, i) != word(b, i) { return false }
            i += 8
        }
        return word(a, count - 8) == word(b, count - 8)
    }

    /// The format one clause asks for, or nil when this server cannot write it (protobuf Tables,
    /// PartialObjectMetadata, YAML, anything else): the next clause is tried.
    static func format(for clause: Discovery.AcceptClause) -> ResponseFormat? {
        if clause.isWildcard { return .json }
        if clause.isJSON {
            guard let conversion = clause.params["as"] else { return .json }
            let group = clause.params["g"] ?? "meta.k8s.io", version = clause.params["v"] ?? "v1"
            guard conversion == "Table", group == "meta.k8s.io", version == "v1" || version == "v1beta1" else {
                return nil
            }
            return .table(groupVersion: "meta.k8s.io/" + version)
        }
        if clause.type == "application", clause.subtype == "vnd.kubernetes.protobuf", clause.params["as"] == nil {
            return .protobuf
        }
        return nil
    }

    public var isTable: Bool { if case .table = self { true } else { false } }
}
