/// An ABAC policy file (kube-apiserver's `--authorization-policy-file`): one JSON rule per line, `#` comments
/// and blank lines skipped. A request is allowed by the first rule that matches it, denied if none does.
public struct ABACPolicy: Sendable {
    public let rules: [PolicyRule]

    public init(rules: [PolicyRule]) {
        self.rules = rules
    }

    /// Parses every line before returning, so a caller swapping policies never sees half of a broken file;
    /// the first bad line is the error.
    public static func parse(_ contents: String, file: String) throws(PolicyError) -> ABACPolicy {
        var rules: [PolicyRule] = []
        // Split on scalars, not Characters: "\r\n" is one Character and would hide the line break.
        let lines = contents.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, scalars) in lines.enumerated() {
            var line = Substring(scalars)
            if line.unicodeScalars.last == "\r" { line = Substring(line.unicodeScalars.dropLast()) }
            let trimmed = line.unicodeScalars.drop { $0.properties.isWhitespace }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            do {
                rules.append(try PolicyLine.rule(from: line, line: index + 1))
            } catch {
                throw PolicyError(file: file, line: index + 1, message: error.message)
            }
        }
        return ABACPolicy(rules: rules)
    }

    public static func load(path: String) throws(PolicyError) -> ABACPolicy {
        try parse(PolicyFile.contents(of: path), file: path)
    }

    public func authorize(_ a: RequestAttributes) -> AuthorizationDecision {
        // The reason is kube's ABAC authorizer's, which kube-apiserver appends to the 403 message.
        matchingRule(for: a) == nil ? .deny("No policy matched.") : .allow
    }

    /// The rule that allows `a`: the first that matches, so the console can show which line granted it.
    public func matchingRule(for a: RequestAttributes) -> PolicyRule? {
        rules.first { $0.matches(a) }
    }
}

extension ABACPolicy: Authorizer {}
