import Testing
@testable import KubeAPI

@Suite("Discovery: /api, /api/v1, /apis, /apis/authorization.k8s.io[/v1]")
struct DiscoveryLegacyTests {
    func parse(_ bytes: [UInt8]) throws -> JSONValue { try JSONParser.parse(bytes) }

    func resource(_ list: JSONValue, _ name: String) -> JSONValue? {
        list["resources"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func apiVersionsCarriesTheServerAddress() throws {
        let doc = try parse(
            Discovery.response(path: "/api", accept: "application/json", serverAddress: "10.0.0.1:6443")!.body)
        #expect(doc["kind"]?.string == "APIVersions")
        #expect(doc["apiVersion"] == nil)
        #expect(doc["versions"] == .array([.string("v1")]))
        #expect(doc[["serverAddressByClientCIDRs"]]?.array?.first?["clientCIDR"]?.string == "0.0.0.0/0")
        #expect(doc["serverAddressByClientCIDRs"]?.array?.first?["serverAddress"]?.string == "10.0.0.1:6443")
    }

    @Test func coreResourceListHasResourcesAndSubresources() throws {
        let response = try #require(Discovery.response(path: "/api/v1", accept: nil, serverAddress: "x:1"))
        #expect(response.contentType == "application/json")
        let list = try parse(response.body)
        #expect(list["kind"]?.string == "APIResourceList")
        #expect(list["groupVersion"]?.string == "v1")
        let pods = try #require(resource(list, "pods"))
        #expect(pods["singularName"]?.string == "pod")
        #expect(pods["namespaced"]?.bool == true)
        #expect(pods["kind"]?.string == "Pod")
        #expect(pods["shortNames"] == .array([.string("po")]))
        #expect(pods["categories"] == .array([.string("all")]))
        #expect(pods["verbs"]?.array?.count == 8)
        // kube-apiserver's hash for /v1/Pod.
        #expect(pods["storageVersionHash"]?.string == "xPOwRZ+Yhw8=")
        #expect(resource(list, "namespaces")?["namespaced"]?.bool == false)
        #expect(resource(list, "secrets")?["shortNames"] == nil)

        let status = try #require(resource(list, "pods/status"))
        #expect(status["singularName"]?.string == "")
        #expect(status["kind"]?.string == "Pod")
        #expect(status["verbs"] == .array(["get", "patch", "update"].map { .string($0) }))
        #expect(status["storageVersionHash"] == nil)
        let binding = try #require(resource(list, "pods/binding"))
        #expect(binding["kind"]?.string == "Binding")
        #expect(binding["verbs"] == .array([.string("create")]))
        #expect(resource(list, "nodes/status") != nil)
        // A subresource of another group's kind names the group and version, as kube-apiserver's list does.
        #expect(
            resource(list, "serviceaccounts/token")
                == .object([
                    ("name", .string("serviceaccounts/token")), ("singularName", .string("")),
                    ("namespaced", .bool(true)),
                    ("group", .string("authentication.k8s.io")), ("version", .string("v1")),
                    ("kind", .string("TokenRequest")),
                    ("verbs", .array([.string("create")])),
                ]))
        #expect(binding["group"] == nil)

        let names = list["resources"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(names == names.sorted())
        #expect(
            names.count == ResourceCatalog.coreV1.count
                + ResourceCatalog.coreV1.reduce(0) { $0 + $1.subresources.count })
    }

    @Test func groupListNamesAuthorization() throws {
        let doc = try parse(
            Discovery.response(path: "/apis", accept: "application/json", serverAddress: "h:6443")!.body)
        #expect(doc["kind"]?.string == "APIGroupList")
        #expect(doc["apiVersion"]?.string == "v1")
        let group = try #require(doc["groups"]?.array?.first { $0["name"]?.string == "authorization.k8s.io" })
        let version = JSONValue.object([
            ("groupVersion", .string("authorization.k8s.io/v1")), ("version", .string("v1")),
        ])
        #expect(group["versions"] == .array([version]))
        #expect(group["preferredVersion"] == version)
        #expect(group["serverAddressByClientCIDRs"]?.array?.first?["serverAddress"]?.string == "h:6443")
    }

    @Test func groupAndItsResourceList() throws {
        let group = try parse(
            Discovery.response(path: "/apis/authorization.k8s.io", accept: nil, serverAddress: "h:1")!.body)
        #expect(group["kind"]?.string == "APIGroup")
        #expect(group["name"]?.string == "authorization.k8s.io")
        #expect(group[["preferredVersion", "groupVersion"]]?.string == "authorization.k8s.io/v1")

        let list = try parse(
            Discovery.response(path: "/apis/authorization.k8s.io/v1", accept: nil, serverAddress: "h:1")!.body)
        #expect(list["apiVersion"]?.string == "v1")
        #expect(list["groupVersion"]?.string == "authorization.k8s.io/v1")
        let ssar = try #require(resource(list, "selfsubjectaccessreviews"))
        #expect(ssar["kind"]?.string == "SelfSubjectAccessReview")
        #expect(ssar["namespaced"]?.bool == false)
        #expect(ssar["verbs"] == .array([.string("create")]))
        #expect(ssar["storageVersionHash"] == nil)
        #expect(resource(list, "subjectaccessreviews") != nil)
    }

    @Test func unknownPathsAreNotDiscovery() {
        #expect(Discovery.response(path: "/apis/apps", accept: nil, serverAddress: "h:1") == nil)
        #expect(Discovery.response(path: "/apis/authorization.k8s.io/v2", accept: nil, serverAddress: "h:1") == nil)
        #expect(Discovery.response(path: "/api/v1/pods", accept: nil, serverAddress: "h:1") == nil)
        #expect(Discovery.response(path: "/api/", accept: nil, serverAddress: "h:1") != nil)
    }
}
