import Testing
@testable import KubeAPI

@Suite("Discovery: aggregated apidiscovery.k8s.io/v2 documents")
struct DiscoveryAggregatedTests {
    let kubectlAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    func resources(_ doc: JSONValue) -> [JSONValue] {
        doc["items"]?.array?.first?["versions"]?.array?.first?["resources"]?.array ?? []
    }

    @Test func coreGroupHasEveryResourceWithSubresources() throws {
        let response = try #require(Discovery.response(path: "/api", accept: kubectlAccept, serverAddress: "h:1"))
        #expect(response.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        let doc = try JSONParser.parse(response.body)
        #expect(doc["kind"]?.string == "APIGroupDiscoveryList")
        #expect(doc["apiVersion"]?.string == "apidiscovery.k8s.io/v2")
        let item = try #require(doc["items"]?.array?.first)
        #expect(doc["items"]?.array?.count == 1)
        #expect(item[["metadata", "name"]] == nil)
        #expect(item[["versions"]]?.array?.first?["version"]?.string == "v1")
        #expect(item[["versions"]]?.array?.first?["freshness"]?.string == "Current")

        let all = resources(doc)
        #expect(all.count == ResourceCatalog.coreV1.count)
        let pods = try #require(all.first { $0["resource"]?.string == "pods" })
        #expect(
            pods["responseKind"]
                == .object([("group", .string("")), ("version", .string("v1")), ("kind", .string("Pod"))]))
        #expect(pods["scope"]?.string == "Namespaced")
        #expect(pods["singularResource"]?.string == "pod")
        #expect(pods["shortNames"] == .array([.string("po")]))
        #expect(pods["categories"] == .array([.string("all")]))
        let subs = pods["subresources"]?.array ?? []
        #expect(subs.compactMap { $0["subresource"]?.string } == ["binding", "eviction", "status"])
        #expect(subs.first?[["responseKind", "kind"]]?.string == "Binding")
        #expect(subs.first?["verbs"] == .array([.string("create")]))
        #expect(subs.last?["verbs"] == .array(["get", "patch", "update"].map { .string($0) }))

        // serviceaccounts/token answers a TokenRequest of authentication.k8s.io/v1.
        let token = try #require(
            all.first { $0["resource"]?.string == "serviceaccounts" }?["subresources"]?.array?.first)
        #expect(token["subresource"]?.string == "token")
        #expect(
            token["responseKind"]
                == .object([
                    ("group", .string("authentication.k8s.io")), ("version", .string("v1")),
                    ("kind", .string("TokenRequest")),
                ]))
        #expect(token["verbs"] == .array([.string("create")]))

        let nodes = try #require(all.first { $0["resource"]?.string == "nodes" })
        #expect(nodes["scope"]?.string == "Cluster")
        #expect(all.first { $0["resource"]?.string == "configmaps" }?["subresources"] == nil)
    }

    @Test func namedGroupsListAuthenticationThenAuthorization() throws {
        let doc = try JSONParser.parse(
            Discovery.response(path: "/apis", accept: kubectlAccept, serverAddress: "h:1")!.body)
        let items = doc["items"]?.array ?? []
        #expect(
            items.map { $0[["metadata", "name"]]?.string } == [
                "authentication.k8s.io", "authorization.k8s.io", "coordination.k8s.io",
            ])
        let authentication = items.first?["versions"]?.array?.first?["resources"]?.array ?? []
        #expect(authentication.compactMap { $0["resource"]?.string } == ["selfsubjectreviews", "tokenreviews"])
        #expect(
            authentication.allSatisfy { $0["verbs"] == .array([.string("create")]) && $0["scope"]?.string == "Cluster" }
        )
        let authorization = items.dropFirst().first?["versions"]?.array?.first?["resources"]?.array ?? []
        #expect(
            authorization.compactMap { $0["resource"]?.string } == [
                "selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews",
            ])
        let ssar = try #require(authorization.first { $0["resource"]?.string == "selfsubjectaccessreviews" })
        #expect(ssar[["responseKind", "group"]]?.string == "authorization.k8s.io")
        #expect(ssar["scope"]?.string == "Cluster")
        #expect(ssar["verbs"] == .array([.string("create")]))
    }

    @Test func v2beta1IsTheSameShapeUnderItsOwnVersion() throws {
        let accept = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
        let response = try #require(Discovery.response(path: "/apis", accept: accept, serverAddress: "h:1"))
        #expect(response.contentType == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        let doc = try JSONParser.parse(response.body)
        #expect(doc["apiVersion"]?.string == "apidiscovery.k8s.io/v2beta1")
        #expect(doc["items"] == Discovery.aggregatedGroups(version: .v2)["items"])
    }
}
