/// A YAML (or JSON) document as `YAMLReader` read it, each node with the 1-based line it starts on, so a
/// configuration file's reader can say `file:line` about a value it refuses.
public struct YAMLNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Text as written, with quotes removed and escapes applied. `quoted` tells `"true"` from `true`.
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        /// Keys in the order written (the reader refuses duplicates).
        case mapping([YAMLEntry])
    }

    public var kind: Kind
    public var line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// An empty value (`key:` with nothing after it), `~` or `null`, unquoted.
    public var isNull: Bool {
        if case .scalar(let text, quoted: false) = kind {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// What a node is, in the words an error message uses.
    public var typeName: String {
        switch kind {
        case .scalar: isNull ? "null" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// One `key: value` of a mapping.
public struct YAMLEntry: Sendable, Equatable {
    public var key: String
    public var line: Int
    public var value: YAMLNode

    public init(key: String, line: Int, value: YAMLNode) {
        self.key = key
        self.line = line
        self.value = value
    }
}
