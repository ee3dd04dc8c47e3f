#if canImport(Glibc)
import Glibc
#endif
import KubeAPI

/// One audit.k8s.io/v1 `Event` as a JSON line, in the field order and escaping of kube-apiserver's
/// encoder (Go's encoding/json: `<`, `>`, `&`, U+2028 and U+2029 escaped; empty optional fields left out).
/// Runs on the audit writer thread.
struct AuditEventEncoder {
    private var secondCache: (second: Int64, text: [UInt8]) = (-1, [])

    mutating func encode(_ r: AuditRecord, auditID: ArraySlice<UInt8>, into out: inout [UInt8]) {
        Self.raw(#"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":""#, into: &out)
        out.append(contentsOf: r.level.written.rawValue.utf8)
        Self.raw(#"","auditID":""#, into: &out)
        Self.uuid(auditID, into: &out)
        Self.raw(#"","stage":""#, into: &out)
        out.append(contentsOf: r.stage.rawValue.utf8)
        Self.raw(#"","requestURI":"#, into: &out)
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
        Self.raw(#","responseStatus":{"metadata":{}"#, into: &out)
        if let body = r.statusBody, let parsed = try? JSONParser.parse(body), case .object(let status) = parsed {
            for key in ["status", "message", "reason"] {
                if case .string(let value)? = status.first(where: { $0.key == key })?.value, !value.isEmpty {
                    out.append(UInt8(ascii: ","))
                    Self.string(key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    Self.string(value, into: &out)
                }
            }
            if let details = status.first(where: { $0.key == "details" })?.value {
                Self.raw(#","details":"#, into: &out)
                Self.value(details, into: &out)
            }
        }
        Self.raw(#","code":"#, into: &out)
        Self.decimal(r.code, into: &out)
        Self.raw(#"},"requestReceivedTimestamp":""#, into: &out)
        microTime(r.received, into: &out)
        Self.raw(#"","stageTimestamp":""#, into: &out)
        microTime(r.stageTime, into: &out)
        out.append(UInt8(ascii: "\""))
        if r.decision != nil || !r.annotations.isEmpty { annotations(r, into: &out) }
        out.append(contentsOf: "}\n".utf8)
    }

    /// kube's utilnet.SourceIPs: X-Forwarded-For's addresses, X-Real-Ip unless already there, then the
    /// peer unless it is the last one. Only the peer cannot be set by the client.
    static func sourceIPs(_ r: AuditRecord) -> [String] {
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

    /// metav1.MicroTime: RFC 3339 in UTC with microseconds. The date and time of day are formatted once a second.
    mutating func microTime(_ nanos: Int64, into out: inout [UInt8]) {
        let second = nanos / 1_000_000_000
        if second != secondCache.second {
            var t = time_t(second)
            var parts = tm()
            gmtime_r(&t, &parts)
            var buffer = [CChar](repeating: 0, count: 32)
            let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
            secondCache = (second, buffer[..<n].map { UInt8(bitPattern: $0) })
        }
        out.append(contentsOf: secondCache.text)
        out.append(UInt8(ascii: "."))
        let micros = Int((nanos % 1_000_000_000) / 1000)
        var divisor = 100_000
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(micros / divisor % 10))
            divisor /= 10
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// A version 4 UUID, lower case.
    static let hex = Array("0123456789abcdef".utf8)

    static func uuid(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        for (i, byte) in bytes.prefix(16).enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            let b = i == 6 ? byte & 0x0F | 0x40 : i == 8 ? byte & 0x3F | 0x80 : byte
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
    }

    static func strings(_ values: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(value, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `"key":"value"` when the value is not empty, after a comma unless it is the first.
    static func field(_ key: StaticString, _ value: String, first: inout Bool, into out: inout [UInt8]) {
        guard !value.isEmpty else { return }
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        Self.raw(#"":"#, into: &out)
        string(value, into: &out)
    }

    static func decimal(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude, divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Bytes of a fixed piece of the line, copied whole.
    @inline(__always)
    static func raw(_ text: StaticString, into out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Which bytes may need escaping: controls, `"`, `\`, `<`, `>`, `&`, and 0xE2 (the lead byte of
    /// U+2028 and U+2029, looked at more closely). One load per byte instead of seven comparisons.
    static let mayEscape: [Bool] = (0...255).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2
    }

    /// Go's encoding/json string escaping (HTML-safe, as the Kubernetes JSON serializer writes). Runs of
    /// bytes that need nothing are copied whole.
    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0, into: &out) }) == nil {
            var text = s
            text.withUTF8 { escaped($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escaped(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var run = 0
        var i = 0
        let count = utf8.count
        while i < count {
            let b = utf8[i]
            guard mayEscape[Int(b)] else {
                i += 1
                continue
            }
            if b == 0xE2 && !(i + 2 < count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)) {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
            i += escape(utf8, at: i, into: &out)
            run = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<count]))
    }

    /// Writes the escape for the byte at `i` (a special one); returns how many bytes it covered.
    private static func escape(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int, into out: inout [UInt8]) -> Int {
        let b = utf8[i]
        switch b {
        case UInt8(ascii: "\""): Self.raw(#"\""#, into: &out)
        case UInt8(ascii: "\\"): Self.raw(#"\\"#, into: &out)
        case 0x0A: Self.raw(#"\n"#, into: &out)
        case 0x0D: Self.raw(#"\r"#, into: &out)
        case 0x09: Self.raw(#"\t"#, into: &out)
        case 0xE2:
            out.append(contentsOf: (utf8[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
            return 3
        default:
            Self.raw(#"\u00"#, into: &out)
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
        return 1
    }

    /// A parsed JSON value written back with the same escaping (a Status's details).
    static func value(_ v: JSONValue, into out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                value(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(field.key, into: &out)
                out.append(UInt8(ascii: ":"))
                value(field.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
