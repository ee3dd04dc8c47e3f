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
        guard var accept, !accept.isEmpty else { return .json }
        // The forms clients send on every request, compared as bytes: this runs for every read.
        let common: ResponseFormat? = accept.withUTF8 { bytes in
            if same(bytes, "application/vnd.kubernetes.protobuf") { return .protobuf }
            if same(bytes, "application/json") || same(bytes, "*/*") { return .json }
            return nil
        }
        if let common { return common }
        for clause in Discovery.AcceptClause.parse(accept) {
            if let format = format(for: clause) { return format }
        }
        return .json
    }

    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount
            && (bytes.isEmpty || memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0)
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
