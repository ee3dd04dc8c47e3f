extension AuditEventEncoder {
    /// Go writes the annotations map with its keys sorted: the authorizer's two come first, then the
    /// others (`console.kube-console.io/...`), sorted.
    func annotations(_ r: AuditRecord, into out: inout [UInt8]) {
        out.append(contentsOf: #","annotations":{"#.utf8)
        if let decision = r.decision {
            out.append(contentsOf: #""authorization.k8s.io/decision":"#.utf8)
            switch decision {
            case .allow:
                out.append(contentsOf: #""allow","authorization.k8s.io/reason":"""#.utf8)
            case .deny(let reason):
                out.append(contentsOf: #""forbid","authorization.k8s.io/reason":"#.utf8)
                Self.string(reason, into: &out)
            }
        }
        var first = r.decision == nil
        for (key, value) in r.annotations.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            Self.string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            Self.string(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
