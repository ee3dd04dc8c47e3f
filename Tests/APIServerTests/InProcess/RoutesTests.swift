import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// The documents at fixed paths (discovery, OpenAPI) and the fixed routes (health, version, metrics, the
/// NotFound Status), in-process.
@Suite("Routes in-process: discovery, OpenAPI, health, version, metrics")
struct RoutesTests {
    static let aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"

    @Test func legacyDiscovery() throws {
        let api = try RESTFixture()
        let versions = try api.get("/api")
        #expect(versions.code == 200)
        #expect(versions.json["kind"]?.string == "APIVersions")
        #expect(versions.json["versions"]?.array?.compactMap(\.string) == ["v1"])
        let groups = try api.get("/apis")
        #expect(groups.json["kind"]?.string == "APIGroupList")
        #expect(groups.json["groups"]?.array?.contains { $0["name"]?.string == "authorization.k8s.io" } == true)
        let core = try api.get("/api/v1")
        #expect(core.json["kind"]?.string == "APIResourceList")
        let pods = core.json["resources"]?.array?.first { $0["name"]?.string == "pods" }
        #expect(pods?["namespaced"]?.bool == true)
        #expect(pods?["storageVersionHash"]?.string == "xPOwRZ+Yhw8=")
        #expect(try api.get("/apis/authorization.k8s.io/v1").json["groupVersion"]?.string == "authorization.k8s.io/v1")
    }

    @Test func aggregatedDiscoveryByAcceptHeader() throws {
        let api = try RESTFixture()
        for path in ["/api", "/apis"] {
            let answer = try api.get(path, headers: [("Accept", Self.aggregated)])
            #expect(answer.code == 200)
            #expect(
                answer.header("Content-Type") == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            #expect(answer.json["kind"]?.string == "APIGroupDiscoveryList")
            #expect(answer.json["apiVersion"]?.string == "apidiscovery.k8s.io/v2")
        }
    }

    @Test func openAPIDocuments() throws {
        let api = try RESTFixture()
        let v2 = try api.get("/openapi/v2")
        #expect(v2.code == 200)
        #expect(v2.json["swagger"]?.string == "2.0")
        #expect(v2.json[["definitions", "io.k8s.api.core.v1.Pod"]] != nil)
        let root = try api.get("/openapi/v3")
        #expect(
            root.json[["paths", "api/v1", "serverRelativeURL"]]?.string?.hasPrefix("/openapi/v3/api/v1?hash=") == true)
        let core = try api.get("/openapi/v3/api/v1")
        #expect(core.json["openapi"]?.string?.hasPrefix("3.") == true)
        #expect(try api.get("/openapi/v3/apis/nothing/v9").code == 404)
        let post = try api.post("/openapi/v2", "{}")
        #expect(post.code == 405)
        #expect(post.reason == "MethodNotAllowed")
    }

    @Test func healthVersionAndMetrics() throws {
        let api = try RESTFixture()
        for path in ["/healthz", "/livez", "/readyz"] {
            let health = try api.get(path)
            #expect(health.code == 200)
            #expect(health.text == "ok")
            #expect(health.header("Content-Type") == "text/plain; charset=utf-8")
        }
        let version = try api.get("/version")
        #expect(version.json["major"]?.string == "1")
        #expect(version.json["minor"]?.string == "32")
        #expect(version.json["buildDate"]?.string == "test")
        #expect(try api.get("/version/").json == version.json)
        let metrics = try api.get("/metrics")
        #expect(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.text.contains("# TYPE kube_console_http_requests_total counter"))
        let post = try api.post("/healthz", "{}")
        #expect(post.code == 405)
        #expect(post.reason == "MethodNotAllowed")
    }

    @Test func anythingElseIsANotFoundStatus() throws {
        let api = try RESTFixture()
        for path in ["/nope", "/api/v2/pods", "/apis/apps/v1/deployments", "/healthz/extra"] {
            let missing = try api.get(path)
            #expect(missing.code == 404, "\(path)")
            #expect(missing.header("Content-Type") == "application/json")
            #expect(missing.json["kind"]?.string == "Status")
            #expect(missing.reason == "NotFound")
            #expect(missing.message == "the server could not find the requested resource")
        }
    }
}
