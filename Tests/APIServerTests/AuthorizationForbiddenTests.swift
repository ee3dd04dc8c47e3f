import Testing
@testable import APIServer
@testable import KubeAPI

@Suite("Authorization: Forbidden messages")
struct AuthorizationForbiddenTests {
    static func message(_ method: String, _ target: String, user: String = "bob", reason: String = "") -> String {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let a = RequestAttributes.from(
            method: method, path: parts[0], query: parts.count > 1 ? parts[1] : nil,
            user: UserInfo(name: user, groups: ["system:authenticated"]))
        return StatusError.forbiddenMessage(a, reason: reason)
    }

    @Test(
        "kube-apiserver's message shapes",
        arguments: [
            (
                "POST", "/api/v1/namespaces/default/pods",
                #"pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "default""#
            ),
            (
                "GET", "/api/v1/namespaces/default/pods/x",
                #"pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default""#
            ),
            (
                "PUT", "/api/v1/namespaces/default/pods/x/status",
                #"pods "x" is forbidden: User "bob" cannot update resource "pods/status" in API group "" in the namespace "default""#
            ),
            (
                "GET", "/api/v1/nodes",
                #"nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope"#
            ),
            (
                "GET", "/api/v1/pods?watch=true",
                #"pods is forbidden: User "bob" cannot watch resource "pods" in API group "" at the cluster scope"#
            ),
            (
                "DELETE", "/api/v1/namespaces/default/pods",
                #"pods is forbidden: User "bob" cannot deletecollection resource "pods" in API group "" in the namespace "default""#
            ),
            (
                "GET", "/apis/apps/v1/namespaces/prod/deployments/web",
                #"deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments" in API group "apps" in the namespace "prod""#
            ),
            (
                "PUT", "/apis/apps/v1/namespaces/prod/deployments/web/scale",
                #"deployments.apps "web" is forbidden: User "bob" cannot update resource "deployments/scale" in API group "apps" in the namespace "prod""#
            ),
            (
                "GET", "/api/v1/namespaces/kube-system",
                #"namespaces "kube-system" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "kube-system""#
            ),
            (
                "GET", "/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb",
                #"pods "web" is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default""#
            ),
            ("GET", "/version", #"forbidden: User "bob" cannot get path "/version""#),
            ("POST", "/logs/x", #"forbidden: User "bob" cannot post path "/logs/x""#),
        ])
    func shapes(method: String, target: String, expected: String) {
        #expect(Self.message(method, target) == expected)
    }

    @Test func theAuthorizersReasonFollows() {
        #expect(
            Self.message("POST", "/api/v1/namespaces/default/pods", reason: "No policy matched.")
                == #"pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "default": No policy matched."#
        )
        #expect(
            Self.message("GET", "/version", reason: "Everything is forbidden.")
                == #"forbidden: User "bob" cannot get path "/version": Everything is forbidden."#)
    }

    @Test func quotingIsGos() {
        #expect(
            Self.message("GET", "/version", user: "a\"b\\c\nd\u{7}")
                == #"forbidden: User "a\"b\\c\nd\a" cannot get path "/version""#)
        // Printable non-ASCII stays; invisible format characters and controls are escaped.
        #expect(
            Self.message("GET", "/version", user: "josé\u{200B}\u{1}")
                == #"forbidden: User "josé\u200b\x01" cannot get path "/version""#)
    }

    @Test func htmlIsEscapedInTheSentenceOnly() {
        // kube sanitizes the sentence about the user but not the resource and name before it.
        #expect(
            Self.message("GET", "/api/v1/namespaces/a/pods/%3Cb%3E", user: "<i>&")
                == #"pods "<b>" is forbidden: User "&lt;i&gt;&amp;" cannot get resource "pods" in API group "" in the namespace "a""#
        )
    }

    @Test func forbiddenStatus() {
        let a = RequestAttributes.from(method: "GET", path: "/version", query: nil, user: UserInfo(name: "bob"))
        let status = StatusError.forbidden(a, reason: "No policy matched.")
        #expect(status.code == 403)
        #expect(status.reason == "Forbidden")
        #expect(status.message == #"forbidden: User "bob" cannot get path "/version": No policy matched."#)
        #expect(String(decoding: status.json, as: UTF8.self).contains(#""reason":"Forbidden""#))
    }
}
