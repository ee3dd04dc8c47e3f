import KubeAPI

/// Reads `--audit-policy-file`: an audit.k8s.io/v1 `Policy` in YAML or JSON. Refusals name the file and
/// the line (a broken policy stops the server at start), as kube-apiserver's loader and validation refuse:
/// no rules, an unknown level or stage, resources together with non-resource URLs, resourceNames without
/// resources, a `*` inside a URL. Unknown fields are refused too (kube ignores them): a misspelt `user:`
/// would otherwise make a rule match everyone.
public enum AuditPolicyFile {
    public static func load(path: String) throws(FileLineError) -> AuditPolicy {
        let text: String
        text = try PolicyFile.contents(of: path)
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(FileLineError) -> AuditPolicy {
        let root: YAMLNode
        do { root = try YAMLReader.read(text) } catch {
            throw FileLineError(file: file, line: error.line, message: error.message)
        }
        return try Reader(file: file).policy(root)
    }

    private struct Reader {
        let file: String

        func fail(_ line: Int, _ message: String) -> FileLineError {
            FileLineError(file: file, line: line, message: message)
        }

        func policy(_ root: YAMLNode) throws(FileLineError) -> AuditPolicy {
            guard case .mapping(let entries) = root.kind else {
                throw fail(root.line, "expected an audit.k8s.io/v1 Policy, found \(root.typeName)")
            }
            var policy = AuditPolicy(rules: [], path: file)
            var sawKind = false, sawVersion = false
            for entry in entries {
                switch entry.key {
                case "apiVersion":
                    let version = try string(entry.value)
                    guard version == "audit.k8s.io/v1" else {
                        throw fail(entry.line, "apiVersion \"\(version)\": expected audit.k8s.io/v1")
                    }
                    sawVersion = true
                case "kind":
                    let kind = try string(entry.value)
                    guard kind == "Policy" else { throw fail(entry.line, "kind \"\(kind)\": expected Policy") }
                    sawKind = true
                case "metadata", "omitManagedFields":
                    break  // bodies are never written, so there are no managed fields to omit
                case "omitStages": policy.omitStages = try stages(entry.value)
                case "rules":
                    guard case .sequence(let items) = entry.value.kind else {
                        throw fail(entry.value.line, "rules must be a list")
                    }
                    policy.rules = try items.map { (item: YAMLNode) throws(FileLineError) -> AuditPolicyRule in
                        try rule(item)
                    }
                default: throw fail(entry.line, "unknown field \"\(entry.key)\" in a Policy")
                }
            }
            guard sawVersion, sawKind else {
                throw fail(root.line, "missing \(sawVersion ? "kind: Policy" : "apiVersion: audit.k8s.io/v1")")
            }
            guard !policy.rules.isEmpty else {
                throw fail(root.line, "a policy with no rules (kube-apiserver refuses it too)")
            }
            return policy
        }

        func rule(_ node: YAMLNode) throws(FileLineError) -> AuditPolicyRule {
            guard case .mapping(let entries) = node.kind else {
                throw fail(node.line, "a rule must be a mapping, found \(node.typeName)")
            }
            guard let levelEntry = entries.first(where: { $0.key == "level" }) else {
                throw fail(node.line, "a rule needs a level")
            }
            let levelText = try string(levelEntry.value)
            guard let level = AuditLevel(rawValue: levelText) else {
                throw fail(
                    levelEntry.line, "level \"\(levelText)\": must be None, Metadata, Request or RequestResponse")
            }
            var rule = AuditPolicyRule(level: level)
            rule.line = node.line
            for entry in entries {
                switch entry.key {
                case "level", "omitManagedFields": break
                case "users": rule.users = try strings(entry.value)
                case "userGroups": rule.userGroups = try strings(entry.value)
                case "verbs": rule.verbs = try strings(entry.value)
                case "namespaces": rule.namespaces = try strings(entry.value)
                case "nonResourceURLs":
                    rule.nonResourceURLs = try strings(entry.value)
                    for url in rule.nonResourceURLs where url != "*" {
                        guard url.hasPrefix("/") else {
                            throw fail(entry.line, "non-resource URL \"\(url)\" must begin with a '/' character")
                        }
                        guard !url.dropLast().contains("*") else {
                            throw fail(
                                entry.line, "non-resource URL \"\(url)\": wildcards '*' must be the final character")
                        }
                    }
                case "resources":
                    guard case .sequence(let items) = entry.value.kind else {
                        throw fail(entry.value.line, "resources must be a list")
                    }
                    rule.resources = try items.map { (item: YAMLNode) throws(FileLineError) -> AuditGroupResources in
                        try groupResources(item)
                    }
                case "omitStages": rule.omitStages = try stages(entry.value)
                default: throw fail(entry.line, "unknown field \"\(entry.key)\" in a rule")
                }
            }
            if !rule.nonResourceURLs.isEmpty && (!rule.resources.isEmpty || !rule.namespaces.isEmpty) {
                throw fail(node.line, "rules cannot apply to both regular resources and non-resource URLs")
            }
            return rule
        }

        func groupResources(_ node: YAMLNode) throws(FileLineError) -> AuditGroupResources {
            guard case .mapping(let entries) = node.kind else {
                throw fail(node.line, "a resources entry must be a mapping, found \(node.typeName)")
            }
            var group = AuditGroupResources()
            for entry in entries {
                switch entry.key {
                case "group":
                    group.group = entry.value.isNull ? "" : try string(entry.value)
                    if group.group.contains("/") {
                        throw fail(entry.line, "group \"\(group.group)\" is a group name, without a version")
                    }
                case "resources": group.resources = try strings(entry.value)
                case "resourceNames": group.resourceNames = try strings(entry.value)
                default: throw fail(entry.line, "unknown field \"\(entry.key)\" in a resources entry")
                }
            }
            if !group.resourceNames.isEmpty && group.resources.isEmpty {
                throw fail(node.line, "using resourceNames requires at least one resource")
            }
            return group
        }

        func stages(_ node: YAMLNode) throws(FileLineError) -> [AuditStage] {
            try strings(node).map { (text: String) throws(FileLineError) -> AuditStage in
                guard let stage = AuditStage(rawValue: text) else {
                    throw fail(
                        node.line,
                        "stage \"\(text)\": must be RequestReceived, ResponseStarted, ResponseComplete or Panic")
                }
                return stage
            }
        }

        func strings(_ node: YAMLNode) throws(FileLineError) -> [String] {
            if node.isNull { return [] }
            guard case .sequence(let items) = node.kind else {
                throw fail(node.line, "expected a list, found \(node.typeName)")
            }
            return try items.map { (item: YAMLNode) throws(FileLineError) -> String in try string(item) }
        }

        func string(_ node: YAMLNode) throws(FileLineError) -> String {
            guard case .scalar(let text, _) = node.kind, !node.isNull else {
                throw fail(node.line, "expected a string, found \(node.typeName)")
            }
            return text
        }
    }
}
