#if canImport(Glibc)
import Glibc
#endif
import KubeAPI

/// One audit.k8s.io/v1 `Event` as a JSON line, in the field order and escaping of kube-apiserver's
/// encoder (Go's encoding/json: `<`, `>`, `&`, U+2028 and U+2029 escaped; empty optional fields left out).
/// Runs on the audit writer thread.
struct AuditEventEncoder {
    /// The last second formatted (`putMicroTime`), and its date and time of day.
    var secondCache: (second: Int64, text: [UInt8]) = (-1, [])

    mutating func encode(_ r: AuditRecord, auditID: ArraySlice<UInt8>, into out: inout [UInt8]) {
        // Fixed runs of the line are copied whole, several fields at a time: each copy checks capacity.
        if r.level.written == .metadata {
            Self.raw(#"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":""#, into: &out)
        } else {
            Self.raw(#"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":""#, into: &out)
            Self.raw(r.level.written.json, into: &out)
            Self.raw(#"","auditID":""#, into: &out)
        }
        Self.uuid(auditID, into: &out)
        Self.raw(Self.stageFields(r.stage), into: &out)
        switch r.request {
        case .encoded(let bytes): out.append(contentsOf: bytes)
        case .fields(let fields): Self.request(fields, into: &out)
        }
        Self.raw(#","responseStatus":{"metadata":{}"#, into: &out)
        if let body = r.statusBody { Self.status(body, into: &out) }
        codeAndTimes(r, into: &out)
        if r.decision == .allow && r.annotations.isEmpty {
            Self.raw(
                #"","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}\#n"#,
                into: &out)
            return
        }
        out.append(UInt8(ascii: "\""))
        if r.decision != nil || !r.annotations.isEmpty { annotations(r, into: &out) }
        out.append(contentsOf: "}\n".utf8)
    }

    /// `","stage":"…","`: the stage and the punctuation around it.
    static func stageFields(_ stage: AuditStage) -> StaticString {
        switch stage {
        case .requestReceived: #"","stage":"RequestReceived","#
        case .responseStarted: #"","stage":"ResponseStarted","#
        case .responseComplete: #"","stage":"ResponseComplete","#
        case .panic: #"","stage":"Panic","#
        }
    }

    /// An error Status's status, message, reason and details, as kube copies them into responseStatus.
    static func status(_ body: [UInt8], into out: inout [UInt8]) {
        if let parsed = try? JSONParser.parse(body), case .object(let status) = parsed {
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
    }

    /// A version 4 UUID, lower case.
    static let hex = Array("0123456789abcdef".utf8)

    static func uuid(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        // Written into a buffer of its own and appended at once: one capacity check, not 36.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            var n = 0
            hex.withUnsafeBufferPointer { hex in
                for (i, byte) in bytes.prefix(16).enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        text[n] = UInt8(ascii: "-")
                        n += 1
                    }
                    let b = i == 6 ? byte & 0x0F | 0x40 : i == 8 ? byte & 0x3F | 0x80 : byte
                    text[n] = hex[Int(b >> 4)]
                    text[n + 1] = hex[Int(b & 0x0F)]
                    n += 2
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<n]))
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
