import Testing
@testable import APIServer

/// One request line and the attributes kube-apiserver's RequestInfoFactory derives from it.
struct AttributesCase: Sendable, CustomTestStringConvertible {
    var method: String
    var target: String
    var expected: RequestAttributes

    var testDescription: String { "\(method) \(target)" }

    static let bob = UserInfo(name: "bob", groups: ["system:authenticated"])

    /// A resource request; `path` is the decoded path without the query.
    static func resource(
        _ method: String, _ target: String, verb: String, path: String? = nil, prefix: String = "api",
        group: String = "", version: String = "v1", namespace: String = "", resource: String,
        subresource: String = "", name: String = ""
    ) -> AttributesCase {
        let rawPath = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        return AttributesCase(
            method: method, target: target,
            expected: RequestAttributes(
                user: bob, verb: verb, isResourceRequest: true, path: path ?? rawPath, apiPrefix: prefix,
                apiGroup: group,
                apiVersion: version, namespace: namespace, resource: resource, subresource: subresource, name: name))
    }

    static func nonResource(_ method: String, _ path: String, verb: String, prefix: String = "") -> AttributesCase {
        AttributesCase(
            method: method, target: path,
            expected: RequestAttributes(
                user: bob, verb: verb, isResourceRequest: false, path: path, apiPrefix: prefix))
    }
}

@Suite("Request: attributes from paths")
struct AuthorizationAttributesTests {
    static func attributes(_ method: String, _ target: String) -> RequestAttributes {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return RequestAttributes.from(
            method: method, path: parts[0], query: parts.count > 1 ? parts[1] : nil,
            user: AttributesCase.bob)
    }

    static let coreCases: [AttributesCase] = [
        .resource("GET", "/api/v1/namespaces/default/pods", verb: "list", namespace: "default", resource: "pods"),
        .resource(
            "GET", "/api/v1/namespaces/default/pods/web", verb: "get", namespace: "default", resource: "pods",
            name: "web"),
        .resource(
            "HEAD", "/api/v1/namespaces/default/pods/web", verb: "get", namespace: "default", resource: "pods",
            name: "web"),
        .resource("POST", "/api/v1/namespaces/default/pods", verb: "create", namespace: "default", resource: "pods"),
        .resource(
            "PUT", "/api/v1/namespaces/default/pods/web", verb: "update", namespace: "default", resource: "pods",
            name: "web"),
        .resource(
            "PATCH", "/api/v1/namespaces/default/pods/web", verb: "patch", namespace: "default", resource: "pods",
            name: "web"),
        .resource(
            "DELETE", "/api/v1/namespaces/default/pods/web", verb: "delete", namespace: "default", resource: "pods",
            name: "web"),
        .resource(
            "DELETE", "/api/v1/namespaces/default/pods", verb: "deletecollection", namespace: "default",
            resource: "pods"),
        // Methods kube has no verb for get an empty one.
        .resource(
            "OPTIONS", "/api/v1/namespaces/default/pods/web", verb: "", namespace: "default", resource: "pods",
            name: "web"),
        // A trailing slash changes nothing.
        .resource("GET", "/api/v1/namespaces/default/pods/", verb: "list", namespace: "default", resource: "pods"),
        // Cluster-scoped resources.
        .resource("GET", "/api/v1/nodes", verb: "list", resource: "nodes"),
        .resource("GET", "/api/v1/nodes/node-1", verb: "get", resource: "nodes", name: "node-1"),
        .resource(
            "PUT", "/api/v1/nodes/node-1/status", verb: "update", resource: "nodes", subresource: "status",
            name: "node-1"),
        .resource("GET", "/api/v1/pods", verb: "list", resource: "pods"),
    ]

    static let subresourceCases: [AttributesCase] = [
        .resource(
            "PUT", "/api/v1/namespaces/default/pods/web/status", verb: "update", namespace: "default", resource: "pods",
            subresource: "status", name: "web"),
        .resource(
            "GET", "/api/v1/namespaces/default/pods/web/log", verb: "get", namespace: "default", resource: "pods",
            subresource: "log", name: "web"),
        .resource(
            "POST", "/api/v1/namespaces/default/pods/web/binding", verb: "create", namespace: "default",
            resource: "pods",
            subresource: "binding", name: "web"),
        // Segments after the subresource are not interpreted.
        .resource(
            "GET", "/api/v1/namespaces/default/pods/web/proxy/a/b", verb: "get", namespace: "default", resource: "pods",
            subresource: "proxy", name: "web"),
        // The legacy proxy verb takes no subresource: the rest is the proxied path.
        .resource(
            "GET", "/api/v1/proxy/namespaces/default/pods/web/metrics", verb: "proxy", namespace: "default",
            resource: "pods", name: "web"),
    ]

    static let namespaceCases: [AttributesCase] = [
        .resource("GET", "/api/v1/namespaces", verb: "list", resource: "namespaces"),
        .resource("POST", "/api/v1/namespaces", verb: "create", resource: "namespaces"),
        // The namespace object itself is filed under its own namespace, as kube does.
        .resource(
            "GET", "/api/v1/namespaces/kube-system", verb: "get", namespace: "kube-system", resource: "namespaces",
            name: "kube-system"),
        .resource(
            "DELETE", "/api/v1/namespaces/team-a", verb: "delete", namespace: "team-a", resource: "namespaces",
            name: "team-a"),
        .resource(
            "PUT", "/api/v1/namespaces/team-a/finalize", verb: "update", namespace: "team-a", resource: "namespaces",
            subresource: "finalize", name: "team-a"),
        .resource(
            "GET", "/api/v1/namespaces/team-a/status", verb: "get", namespace: "team-a", resource: "namespaces",
            subresource: "status", name: "team-a"),
    ]

    static let groupCases: [AttributesCase] = [
        .resource(
            "GET", "/apis/apps/v1/namespaces/default/deployments", verb: "list", prefix: "apis", group: "apps",
            namespace: "default", resource: "deployments"),
        .resource(
            "PUT", "/apis/apps/v1/namespaces/default/deployments/web/scale", verb: "update", prefix: "apis",
            group: "apps",
            namespace: "default", resource: "deployments", subresource: "scale", name: "web"),
        .resource(
            "GET", "/apis/apps/v1/deployments", verb: "list", prefix: "apis", group: "apps", resource: "deployments"),
        .resource(
            "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", verb: "get", prefix: "apis",
            group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "admin"),
        .resource(
            "GET", "/apis/extensions/v1beta1/watch/namespaces/ns/ingresses", verb: "watch", prefix: "apis",
            group: "extensions", version: "v1beta1", namespace: "ns", resource: "ingresses"),
    ]

    static let watchCases: [AttributesCase] = [
        .resource(
            "GET", "/api/v1/namespaces/default/pods?watch=true", verb: "watch", namespace: "default", resource: "pods"),
        .resource(
            "GET", "/api/v1/namespaces/default/pods?watch=1", verb: "watch", namespace: "default", resource: "pods"),
        .resource(
            "GET", "/api/v1/namespaces/default/pods?watch=True", verb: "watch", namespace: "default", resource: "pods"),
        .resource("GET", "/api/v1/pods?resourceVersion=5&watch=true", verb: "watch", resource: "pods"),
        // apimachinery reads any value but "0" and "false" as true, even an empty one.
        .resource("GET", "/api/v1/pods?watch", verb: "watch", resource: "pods"),
        .resource("GET", "/api/v1/pods?watch=yes", verb: "watch", resource: "pods"),
        .resource("GET", "/api/v1/pods?watch=false", verb: "list", resource: "pods"),
        .resource("GET", "/api/v1/pods?watch=FALSE", verb: "list", resource: "pods"),
        .resource("GET", "/api/v1/pods?watch=0", verb: "list", resource: "pods"),
        // Only the first value counts.
        .resource("GET", "/api/v1/pods?watch=0&watch=1", verb: "list", resource: "pods"),
        // A named GET is a get whatever the query says.
        .resource(
            "GET", "/api/v1/namespaces/default/pods/web?watch=true", verb: "get", namespace: "default",
            resource: "pods",
            name: "web"),
        // Legacy /watch/ paths.
        .resource("GET", "/api/v1/watch/pods", verb: "watch", resource: "pods"),
        .resource(
            "GET", "/api/v1/watch/namespaces/default/pods", verb: "watch", namespace: "default", resource: "pods"),
        .resource(
            "GET", "/api/v1/watch/namespaces/default/pods/web", verb: "watch", namespace: "default", resource: "pods",
            name: "web"),
        .resource("GET", "/api/v1/watch/namespaces", verb: "watch", resource: "namespaces"),
        // A list or watch narrowed to one name by a field selector names that object.
        .resource(
            "GET", "/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb", verb: "list",
            namespace: "default", resource: "pods", name: "web"),
        .resource(
            "GET", "/api/v1/namespaces/default/pods?fieldSelector=metadata.name==web&watch=1", verb: "watch",
            namespace: "default", resource: "pods", name: "web"),
        .resource(
            "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn1,metadata.name%3Dweb", verb: "list", resource: "pods",
            name: "web"),
        .resource("GET", "/api/v1/pods?fieldSelector=metadata.name!%3Dweb", verb: "list", resource: "pods"),
        .resource("GET", "/api/v1/pods?fieldSelector=metadata.name%3D..", verb: "list", resource: "pods"),
        .resource("GET", "/api/v1/pods?fieldSelector=garbage", verb: "list", resource: "pods"),
    ]

    static let decodingCases: [AttributesCase] = [
        // Attributes come from the decoded path, as Go's URL.Path is.
        .resource(
            "GET", "/api/v1/namespaces/def%61ult/pods", verb: "list", path: "/api/v1/namespaces/default/pods",
            namespace: "default", resource: "pods"),
        // A malformed escape leaves the path as sent.
        .resource(
            "GET", "/api/v1/namespaces/default/pods/a%zz", verb: "get", namespace: "default", resource: "pods",
            name: "a%zz"),
        // `/api/v1/watch` alone is an error for kube; what it knew names no resource.
        .resource("GET", "/api/v1/watch", verb: "get", resource: ""),
    ]

    static let nonResourceCases: [AttributesCase] = [
        .nonResource("GET", "/version", verb: "get"),
        .nonResource("HEAD", "/version", verb: "get"),
        .nonResource("POST", "/version", verb: "post"),
        .nonResource("GET", "/healthz", verb: "get"),
        .nonResource("GET", "/healthz/ping", verb: "get"),
        .nonResource("GET", "/metrics", verb: "get"),
        .nonResource("GET", "/openapi/v2", verb: "get"),
        .nonResource("GET", "/", verb: "get"),
        .nonResource("GET", "/api", verb: "get"),
        .nonResource("GET", "/apis", verb: "get"),
        .nonResource("GET", "/logs/kube-apiserver.log", verb: "get"),
        .nonResource("DELETE", "/swaggerapi/api/v1", verb: "delete"),
        // Discovery: kube has already consumed the prefix when it decides these are not resources.
        .nonResource("GET", "/api/v1", verb: "get"),
        .nonResource("GET", "/apis/apps", verb: "get"),
        .nonResource("GET", "/apis/apps/v1", verb: "get", prefix: "apis"),
    ]

    @Test(arguments: coreCases) func core(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }
    @Test(arguments: subresourceCases) func subresources(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }
    @Test(arguments: namespaceCases) func namespaces(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }
    @Test(arguments: groupCases) func apiGroups(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }
    @Test(arguments: watchCases) func watchAndList(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }
    @Test(arguments: decodingCases) func decoding(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }
    @Test(arguments: nonResourceCases) func nonResource(c: AttributesCase) {
        #expect(Self.attributes(c.method, c.target) == c.expected)
    }

    @Test func readOnlyIsGetListWatch() {
        let verbs = [
            "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "proxy", "", "post",
        ]
        let readOnly = verbs.filter {
            RequestAttributes(user: AttributesCase.bob, verb: $0, isResourceRequest: true, path: "/").isReadOnly
        }
        #expect(readOnly == ["get", "list", "watch"])
        #expect(Self.attributes("GET", "/api/v1/watch/pods").isReadOnly)
        #expect(!Self.attributes("DELETE", "/api/v1/pods").isReadOnly)
    }

    @Test func theUserIsCarriedThrough() {
        let alice = UserInfo(name: "alice", uid: "7", groups: ["dev"])
        let a = RequestAttributes.from(method: "GET", path: "/version", query: nil, user: alice)
        #expect(a.user == alice)
    }

    @Test(
        "hostile paths and queries do not crash",
        arguments: [
            "", "/", "//", "///api///", "/api//v1//pods", "/apis//", "/%", "/%%%", "/api/v1/namespaces/%ff%fe/pods",
            "/api/v1/pods?%", "/api/v1/pods?&&&=&watch&fieldSelector=\\",
            "/api/v1/pods?fieldSelector=metadata.name%3D\\",
            "/api/v1/watch/namespaces", "/api/v1/proxy", "/apis/a/b/watch", "/api/v1/namespaces/x/pods?watch=%zz",
        ])
    func hostileInput(target: String) {
        for method in ["GET", "DELETE", "", "get"] {
            let a = Self.attributes(method, target)
            #expect(a.user == AttributesCase.bob)
        }
    }

    @Test func randomPathsKeepTheInvariants() {
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let pieces = [
            "/", "/", "/", "api", "apis", "v1", "apps", "namespaces", "watch", "proxy", "status", "finalize",
            "pods", "x", "", "%", "%2F", "%zz", "\u{301}", "\u{212A}", "?", "&", "=", ";", "+",
            "watch=", "fieldSelector=metadata.name%3D", "\\", ",",
        ]
        let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", ""]
        var resourceRequests = 0
        for _ in 0..<3000 {
            let target = (0..<(next() % 12)).map { _ in pieces[next() % pieces.count] }.joined()
            let a = Self.attributes(methods[next() % methods.count], target)
            #expect(a.user == AttributesCase.bob)
            if a.isResourceRequest {
                resourceRequests += 1
                #expect(a.apiPrefix == "api" || a.apiPrefix == "apis")
                #expect(a.apiPrefix == "apis" || a.apiGroup.isEmpty)
            } else {
                #expect(
                    a.resource.isEmpty && a.namespace.isEmpty && a.name.isEmpty && a.subresource.isEmpty
                        && a.apiGroup.isEmpty)
            }
        }
        #expect(resourceRequests > 0)
    }
}
