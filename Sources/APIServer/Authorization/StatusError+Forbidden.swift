import KubeAPI

/// The 403 kube-apiserver sends when authorization denies a request, built as in
/// k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (`Forbidden`, `forbiddenMessage`) and
/// apimachinery's `errors.NewForbidden`.
extension StatusError {
    /// A Forbidden Status whose message is `forbiddenMessage(a, reason:)`.
    public static func forbidden(_ a: RequestAttributes, reason: String = "") -> StatusError {
        StatusError(code: 403, reason: "Forbidden", message: forbiddenMessage(a, reason: reason))
    }

    /// For example `pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the
    /// namespace "default"`, or `forbidden: User "bob" cannot get path "/version"`. A non-empty reason (the
    /// authorizer's, e.g. ABAC's "No policy matched.") follows after ": ", as kube-apiserver adds it.
    public static func forbiddenMessage(_ a: RequestAttributes, reason: String = "") -> String {
        // kube escapes &, < and > in the sentence about the user (not in the reason, not in the leading
        // resource and name) so the message cannot pass for HTML.
        var detail = sanitized(forbiddenSentence(a))
        if !reason.isEmpty { detail += ": " + reason }

        // errors.NewForbidden prefixes the group-qualified resource ("deployments.apps") and the quoted name.
        let qualified = a.apiGroup.isEmpty ? a.resource : a.resource + "." + a.apiGroup
        if a.resource.isEmpty && a.apiGroup.isEmpty { return "forbidden: " + detail }
        if a.name.isEmpty { return qualified + " is forbidden: " + detail }
        return qualified + " " + GoQuote.quote(a.name) + " is forbidden: " + detail
    }

    private static func forbiddenSentence(_ a: RequestAttributes) -> String {
        let user = "User " + GoQuote.quote(a.user.name)
        guard a.isResourceRequest else {
            return user + " cannot " + a.verb + " path " + GoQuote.quote(a.path)
        }
        let resource = a.subresource.isEmpty ? a.resource : a.resource + "/" + a.subresource
        let what =
            user + " cannot " + a.verb + " resource " + GoQuote.quote(resource)
            + " in API group " + GoQuote.quote(a.apiGroup)
        if a.namespace.isEmpty { return what + " at the cluster scope" }
        return what + " in the namespace " + GoQuote.quote(a.namespace)
    }

    private static func sanitized(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
