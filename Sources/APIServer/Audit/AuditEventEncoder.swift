#if canImport(Glibc)
import Glibc
#endif
import KubeAPI

/// One audit.k8s.io/v1 `Event` as a JSON line, in the field order and escaping of kube-apiserver's
/// encoder (Go's encoding/json: `<`, `>`, `&`, U+2028 and U+2029 escaped; empty optional fields left out).
/// Runs on the audit writer thread.
struct AuditEventEncoder {
    private var secondCache: (second: Int64, text: [UInt8]) = (-1, [])

    mutating func encode(_ r: AuditRecord, auditID: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":""#.utf8)
        out.append(contentsOf: r.level.written.rawValue.utf8)
        out.append(contentsOf: #"","auditID":""#.utf8)
        Self.uuid(auditID, into: &out)
        out.append(contentsOf: #"","stage":""#.utf8)
        out.append(contentsOf: r.stage.rawValue.utf8)
        out.append(contentsOf: #"","requestURI":"#.utf8)
        Self.string(r.requestURI, into: &out)
        out.append(contentsOf: #","verb":"#.utf8)
        Self.string(r.verb, into: &out)
        out.append(contentsOf: #","user":{"#.utf8)
        if let user = r.user {
            var fields: [(String, String)] = []
            if !user.name.isEmpty { fields.append(("username", user.name)) }
            if !user.uid.isEmpty { fields.append(("uid", user.uid)) }
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                Self.string(value, into: &out)
            }
            if !user.groups.isEmpty {
                if !fields.isEmpty { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #""groups":"#.utf8)
                Self.strings(user.groups, into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        let ips = Self.sourceIPs(r)
        if !ips.isEmpty {
            out.append(contentsOf: #","sourceIPs":"#.utf8)
            Self.strings(ips, into: &out)
        }
        if let agent = r.userAgent, !agent.isEmpty {
            out.append(contentsOf: #","userAgent":"#.utf8)
            Self.string(agent, into: &out)
        }
        if var ref = r.objectRef {
            if let object = r.requestObject { ref.complete(from: object) }
            out.append(contentsOf: #","objectRef":{"#.utf8)
            var first = true
            for (key, value) in [
                ("resource", ref.resource), ("namespace", ref.namespace), ("name", ref.name), ("uid", ref.uid),
                ("apiGroup", ref.apiGroup), ("apiVersion", ref.apiVersion), ("resourceVersion", ref.resourceVersion),
                ("subresource", ref.subresource),
            ] where !value.isEmpty {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                Self.string(value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","responseStatus":{"metadata":{}"#.utf8)
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
                out.append(contentsOf: #","details":"#.utf8)
                Self.value(details, into: &out)
            }
        }
        out.append(contentsOf: #","code":"#.utf8)
        out.append(contentsOf: String(r.code).utf8)
        out.append(contentsOf: #"},"requestReceivedTimestamp":""#.utf8)
        microTime(r.received, into: &out)
        out.append(contentsOf: #"","stageTimestamp":""#.utf8)
        microTime(r.stageTime, into: &out)
        out.append(UInt8(ascii: "\""))
        if let decision = r.decision {
            out.append(contentsOf: #","annotations":{"authorization.k8s.io/decision":"#.utf8)
            switch decision {
            case .allow:
                out.append(contentsOf: #""allow","authorization.k8s.io/reason":"""#.utf8)
            case .deny(let reason):
                out.append(contentsOf: #""forbid","authorization.k8s.io/reason":"#.utf8)
                Self.string(reason, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
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
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 6)
        var rest = micros
        for i in stride(from: 5, through: 0, by: -1) {
            digits[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        out.append(contentsOf: digits)
        out.append(UInt8(ascii: "Z"))
    }

    /// A version 4 UUID, lower case.
    static func uuid(_ bytes: [UInt8], into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
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

    /// Go's encoding/json string escaping (HTML-safe, as the Kubernetes JSON serializer writes).
    static func string(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0x0F)])
                case 0xE2
                where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    out.append(contentsOf: (utf8[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    i += 2
                default: out.append(b)
                }
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
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
