import KubeAPI

/// Turns one non-comment line of a policy file into a rule, or says what is wrong with it.
enum PolicyLine {
    static let groupVersionPrefix = "abac.authorization.kubernetes.io/"
    static let v0 = groupVersionPrefix + "v0"
    static let v1beta1 = groupVersionPrefix + "v1beta1"

    struct Failure: Error, Equatable {
        var message: String
    }

    static func rule(from text: Substring, line: Int) throws(Failure) -> PolicyRule {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw Failure(message: error.message)
        }
        guard case .object(let members) = json else {
            throw Failure(message: "a policy line must be a JSON object, not \(json.typeName)")
        }
        let apiVersion = try PolicyFields.string(members, "apiVersion", in: "")
        let kind = try PolicyFields.string(members, "kind", in: "")

        // kube reads a line without apiVersion or kind, or with the v0 version, as the flat form. A v1beta1
        // line must say kind Policy: kube would fall back to reading a kind-less v1beta1 line as a flat rule,
        // ignoring its spec, which turns it into "everyone may do everything".
        switch apiVersion {
        case "", v0:
            guard kind.isEmpty || kind == "Policy" else { throw unknownKind(kind) }
            return try flat(members).rule(line: line)
        case v1beta1:
            guard kind == "Policy" else { throw unknownKind(kind) }
            let spec = try versioned(members)
            guard !spec.user.isEmpty || !spec.group.isEmpty else {
                throw Failure(
                    message:
                        #"the rule names neither a user nor a group, so it could never match (use "user":"*" for every authenticated user)"#
                )
            }
            return spec.rule(line: line)
        default:
            throw Failure(
                message:
                    "unknown apiVersion \(JSON.quote(apiVersion)) (want \(JSON.quote(v1beta1)), or none for the flat form)"
            )
        }
    }

    private static func unknownKind(_ kind: String) -> Failure {
        Failure(
            message: kind.isEmpty
                ? #"missing kind (want "Policy")"# : #"unknown kind \#(JSON.quote(kind)) (want "Policy")"#)
    }

    private static func flat(_ members: [(key: String, value: JSONValue)]) throws(Failure) -> FlatPolicy {
        try PolicyFields.check(
            members, allowed: FlatPolicy.fields, in: "",
            hint: "a flat rule has user, group, readonly, resource and namespace")
        var p = FlatPolicy()
        p.user = try PolicyFields.string(members, "user", in: "")
        p.group = try PolicyFields.string(members, "group", in: "")
        p.readonly = try PolicyFields.bool(members, "readonly", in: "")
        p.resource = try PolicyFields.string(members, "resource", in: "")
        p.namespace = try PolicyFields.string(members, "namespace", in: "")
        return p
    }

    private static func versioned(_ members: [(key: String, value: JSONValue)]) throws(Failure) -> PolicySpec {
        try PolicyFields.check(
            members, allowed: ["apiVersion", "kind", "spec"], in: "",
            hint: "a v1beta1 Policy has apiVersion, kind and spec")
        let spec = try PolicyFields.object(members, "spec", in: "")
        try PolicyFields.check(
            spec, allowed: PolicySpec.fields, in: "spec.",
            hint: "a spec has user, group, readonly, apiGroup, resource, namespace and nonResourcePath")
        var p = PolicySpec()
        p.user = try PolicyFields.string(spec, "user", in: "spec.")
        p.group = try PolicyFields.string(spec, "group", in: "spec.")
        p.readonly = try PolicyFields.bool(spec, "readonly", in: "spec.")
        p.apiGroup = try PolicyFields.string(spec, "apiGroup", in: "spec.")
        p.resource = try PolicyFields.string(spec, "resource", in: "spec.")
        p.namespace = try PolicyFields.string(spec, "namespace", in: "spec.")
        p.nonResourcePath = try PolicyFields.string(spec, "nonResourcePath", in: "spec.")
        return p
    }
}
