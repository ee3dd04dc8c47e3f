/// Why a YAML body could not be read, worded as sigs.k8s.io/yaml reports it through kube's apply handler
/// (`error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context`).
public struct YAMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text after "error converting YAML to JSON: ".
    public let message: String
    /// The line (1-based) the problem was found on, for syntax errors.
    public let line: Int?

    /// A syntax error as go-yaml words it: `yaml: line N: problem`.
    static func syntax(_ problem: String, line: Int) -> YAMLError {
        YAMLError(message: "yaml: line \(line): \(problem)", line: line)
    }

    /// A value JSON cannot hold (`.inf`, `.nan`): json.Marshal's refusal.
    static func unsupported(_ what: String) -> YAMLError {
        YAMLError(message: "json: unsupported value: \(what)", line: nil)
    }

    public var description: String { "error converting YAML to JSON: \(message)" }
}
