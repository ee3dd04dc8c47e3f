/// The group every authenticated user is in (kube's user.AllAuthenticated). kube's authenticators add it;
/// the flat form and "*" subjects are converted into it.
let allAuthenticatedGroup = "system:authenticated"

/// The 2015 flat form, kube's abac v0: `{"user":"alice","readonly":true,"namespace":"ns"}`.
struct FlatPolicy {
    static let fields: Set<String> = ["apiVersion", "kind", "user", "group", "readonly", "resource", "namespace"]

    var user = ""
    var group = ""
    var readonly = false
    var resource = ""
    var namespace = ""

    /// pkg/apis/abac/v0/conversion.go: in the flat form a missing attribute means "any", so a bare
    /// `{"readonly":true}` lets every authenticated user read everything, non-resource paths included.
    func rule(line: Int) -> PolicyRule {
        var rule = PolicyRule(
            line: line, user: user, group: group, readonly: readonly, apiGroup: "*",
            namespace: namespace.isEmpty ? "*" : namespace,
            resource: resource.isEmpty ? "*" : resource)
        if user.isEmpty && group.isEmpty { rule.group = allAuthenticatedGroup }
        // "*" as either subject widens the whole rule to all authenticated users, even if the other subject
        // was specific: {"user":"*","group":"admins"} is everyone.
        if user == "*" || group == "*" {
            rule.group = allAuthenticatedGroup
            rule.user = ""
        }
        // v0 had no API groups; its rules cover them all.
        if namespace.isEmpty && resource.isEmpty { rule.nonResourcePath = "*" }
        return rule
    }
}

/// The spec of an `abac.authorization.kubernetes.io/v1beta1` Policy, where nothing is implied: a rule
/// grants only what it names.
struct PolicySpec {
    static let fields: Set<String> = [
        "user", "group", "readonly", "apiGroup", "resource", "namespace", "nonResourcePath",
    ]

    var user = ""
    var group = ""
    var readonly = false
    var apiGroup = ""
    var resource = ""
    var namespace = ""
    var nonResourcePath = ""

    /// pkg/apis/abac/v1beta1/conversion.go: only "*" subjects are rewritten, as in the flat form.
    func rule(line: Int) -> PolicyRule {
        var rule = PolicyRule(
            line: line, user: user, group: group, readonly: readonly, apiGroup: apiGroup,
            namespace: namespace, resource: resource, nonResourcePath: nonResourcePath)
        if user == "*" || group == "*" {
            rule.group = allAuthenticatedGroup
            rule.user = ""
        }
        return rule
    }
}
