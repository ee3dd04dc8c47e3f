extension AuditEventEncoder {
    /// Go writes the annotations map with its keys sorted: the authorizer's two come first, then the
    /// others (`console.kube-console.io/...`), sorted.
    func annotations(_ r: AuditRecord, into out: inout [UInt8]) {
        Self.raw(#","annotations":{"#, into: &out)
        if let decision = r.decision {
            Self.raw(#""authorization.k8s.io/decision":"#, into: &out)
            switch decision {
            case .allow:
                Self.raw(#""allow","authorization.k8s.io/reason":"""#, into: &out)
            case .deny(let reason):
                Self.raw(#""forbid","authorization.k8s.io/reason":"#, into: &out)
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
