import KubeAPI

extension AuditEventEncoder {
    /// The part of the line that says what was asked and by whom: `"requestURI"` to `objectRef` (the fields
    /// between `stage` and `responseStatus`). A connection's audit memo keeps it encoded for the next request.
    static func request(_ r: AuditRequestFields, into out: inout [UInt8]) {
        Self.raw(#""requestURI":"#, into: &out)
        Self.string(r.requestURI, into: &out)
        Self.raw(#","verb":"#, into: &out)
        Self.string(r.verb, into: &out)
        Self.raw(#","user":{"#, into: &out)
        if let user = r.user {
            var first = true
            Self.field("username", user.name, first: &first, into: &out)
            Self.field("uid", user.uid, first: &first, into: &out)
            if !user.groups.isEmpty {
                if !first { out.append(UInt8(ascii: ",")) }
                Self.raw(#""groups":"#, into: &out)
                Self.strings(user.groups, into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        if r.forwardedFor == nil && r.realIP == nil {
            // The peer alone, the common case, without building a list; none (omitted, as Go's omitempty
            // does) for a console operation on the Unix socket.
            if !r.remoteIP.isEmpty {
                Self.raw(#","sourceIPs":["#, into: &out)
                Self.string(r.remoteIP, into: &out)
                out.append(UInt8(ascii: "]"))
            }
        } else {
            Self.raw(#","sourceIPs":"#, into: &out)
            Self.strings(Self.sourceIPs(r), into: &out)
        }
        if let agent = r.userAgent, !agent.isEmpty {
            Self.raw(#","userAgent":"#, into: &out)
            Self.string(agent, into: &out)
        }
        if var ref = r.objectRef {
            if let object = r.requestObject { ref.complete(from: object) }
            Self.raw(#","objectRef":{"#, into: &out)
            var first = true
            Self.field("resource", ref.resource, first: &first, into: &out)
            Self.field("namespace", ref.namespace, first: &first, into: &out)
            Self.field("name", ref.name, first: &first, into: &out)
            Self.field("uid", ref.uid, first: &first, into: &out)
            Self.field("apiGroup", ref.apiGroup, first: &first, into: &out)
            Self.field("apiVersion", ref.apiVersion, first: &first, into: &out)
            Self.field("resourceVersion", ref.resourceVersion, first: &first, into: &out)
            Self.field("subresource", ref.subresource, first: &first, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// kube's utilnet.SourceIPs: X-Forwarded-For's addresses, X-Real-Ip unless already there, then the
    /// peer unless it is the last one. Only the peer cannot be set by the client.
    static func sourceIPs(_ r: AuditRequestFields) -> [String] {
        var ips: [String] = []
        if let forwarded = r.forwardedFor {
            for part in forwarded.split(separator: ",", omittingEmptySubsequences: false) {
                let ip = String(
                    part.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                if IPAddress.isValid(ip) { ips.append(ip) }
            }
        }
        if let real = r.realIP, IPAddress.isValid(real), !ips.contains(real) { ips.append(real) }
        if ips.last != r.remoteIP { ips.append(r.remoteIP) }
        return ips
    }
}
