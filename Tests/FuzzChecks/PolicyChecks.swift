import APIServer
import KubeAPI

/// The ABAC policy file, both forms. Every rule of an accepted file, written as a v1beta1 Policy line,
/// reads back as the same rule; a rule the flat form can express (every API group, and a non-resource
/// path of "*" exactly when it has neither namespace nor resource) does too from its flat line. The
/// verdicts of a few requests must not change either.
enum PolicyChecks {
    static let probes: [(method: String, path: String)] = [
        ("GET", "/api/v1/namespaces/default/pods"), ("POST", "/api/v1/namespaces/kube-system/secrets"),
        ("GET", "/version"), ("DELETE", "/apis/apps/v1/namespaces/a/deployments/d"), ("GET", "/api/v1/nodes"),
    ]
    static let users = [
        UserInfo(name: "alice", groups: ["dev", "system:authenticated"]),
        UserInfo(name: "kubelet", groups: ["system:nodes"]),
    ]

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: input, as: UTF8.self)
        guard let policy = try? ABACPolicy.parse(text, file: "fuzz") else { return }
        for rule in policy.rules {
            try readsBack(v1beta1(rule), as: rule, form: "v1beta1")
            if let flat = flat(rule) { try readsBack(flat, as: rule, form: "flat") }
        }
        let rewritten = policy.rules.map(v1beta1).joined(separator: "\n")
        guard let again = try? ABACPolicy.parse(rewritten, file: "fuzz") else {
            throw FuzzFailure("the policy written back is refused")
        }
        for (method, path) in probes {
            for user in users {
                let a = RequestAttributes.from(method: method, path: Substring(path), query: nil, user: user)
                guard policy.authorize(a) == again.authorize(a) else {
                    throw FuzzFailure("\(method) \(path) by \(user.name): the verdict changed")
                }
            }
        }
    }

    static func readsBack(_ line: String, as rule: PolicyRule, form: String) throws(FuzzFailure) {
        let read: ABACPolicy
        do { read = try ABACPolicy.parse(line, file: "fuzz") } catch {
            throw FuzzFailure("\(form) line \(line) of \(rule) refused: \(error)")
        }
        var back = read.rules.first
        back?.line = rule.line
        guard read.rules.count == 1, back == rule else {
            throw FuzzFailure("\(form) line \(line) of \(rule) reads as \(read.rules)")
        }
    }

    static func v1beta1(_ r: PolicyRule) -> String {
        var spec: [String] = []
        if !r.user.isEmpty { spec.append(#""user":\#(JSON.quote(r.user))"#) }
        if !r.group.isEmpty { spec.append(#""group":\#(JSON.quote(r.group))"#) }
        if r.readonly { spec.append(#""readonly":true"#) }
        for (key, value) in [
            ("apiGroup", r.apiGroup), ("namespace", r.namespace), ("resource", r.resource),
            ("nonResourcePath", r.nonResourcePath),
        ] where !value.isEmpty {
            spec.append(#""\#(key)":\#(JSON.quote(value))"#)
        }
        return
            #"{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{\#(spec.joined(separator: ","))}}"#
    }

    /// The flat line for a rule the flat form can say, else nil.
    static func flat(_ r: PolicyRule) -> String? {
        guard r.apiGroup == "*", !r.namespace.isEmpty, !r.resource.isEmpty, r.user != "*", r.group != "*" else {
            return nil
        }
        let bare = r.namespace == "*" && r.resource == "*"
        guard r.nonResourcePath == (bare ? "*" : "") else { return nil }
        var fields: [String] = []
        if !r.user.isEmpty { fields.append(#""user":\#(JSON.quote(r.user))"#) }
        if !r.group.isEmpty && !(r.user.isEmpty && r.group == "system:authenticated") {
            fields.append(#""group":\#(JSON.quote(r.group))"#)
        }
        if r.user.isEmpty && r.group.isEmpty { return nil }
        if r.readonly { fields.append(#""readonly":true"#) }
        if r.namespace != "*" { fields.append(#""namespace":\#(JSON.quote(r.namespace))"#) }
        if r.resource != "*" { fields.append(#""resource":\#(JSON.quote(r.resource))"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
