/// kube-apiserver's name rules (k8s.io/apimachinery/pkg/util/validation), with its messages.
public enum NameValidation {
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    public enum Rule: Sendable { case subdomain, label, dns1035 }

    /// The rule each resource's names follow.
    public static func rule(for resource: String) -> Rule {
        switch resource {
        case "namespaces": return .label
        case "services": return .dns1035
        default: return .subdomain
        }
    }

    /// Problems with `name` under `rule`, as kube words them (empty: valid).
    public static func problems(_ name: String, _ rule: Rule) -> [String] {
        var out: [String] = []
        let bytes = Array(name.utf8)
        func isAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        func isLabel(_ part: ArraySlice<UInt8>) -> Bool {
            guard let first = part.first, let last = part.last, isAlnum(first), isAlnum(last) else { return false }
            return part.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
        }
        switch rule {
        case .subdomain:
            if bytes.count > 253 { out.append("must be no more than 253 characters") }
            let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            if !parts.allSatisfy(isLabel) { out.append(subdomainMessage) }
        case .label:
            if bytes.count > 63 { out.append("must be no more than 63 characters") }
            if !isLabel(bytes[...]) { out.append(labelMessage) }
        case .dns1035:
            if bytes.count > 63 { out.append("must be no more than 63 characters") }
            if !isLabel(bytes[...]) || !(bytes.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false) {
                out.append(dns1035Message)
            }
        }
        return out
    }

    /// Characters `generateName` suffixes are made of (kube's utilrand alphabet: no vowels, no look-alikes).
    static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    public static func generatedName(_ prefix: String) -> String {
        // kube trims the prefix so the result stays within 63 characters.
        let base = prefix.count > 58 ? String(prefix.prefix(58)) : prefix
        return base + RandomBytes.string(count: 5, from: suffixAlphabet)
    }
}
