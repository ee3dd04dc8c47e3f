import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// get and list over a real store, in-process: bodies from the cache, selectors, paging, Tables, errors.
@Suite("REST in-process: get and list")
struct RESTReadTests {
    @Test func getAnswersTheStoredObject() throws {
        let api = try RESTFixture()
        let stored = try api.configMap("cm", data: #"{"k":"v"}"#)
        let got = try api.get("/api/v1/namespaces/default/configmaps/cm")
        #expect(got.code == 200)
        #expect(got.header("Content-Type") == "application/json")
        #expect(got.json == stored)
        #expect(got.json["kind"]?.string == "ConfigMap")
        #expect(got.json[["data", "k"]]?.string == "v")
    }

    @Test func getOfAMissingObjectIsANotFoundStatus() throws {
        let api = try RESTFixture()
        let missing = try api.get("/api/v1/namespaces/default/pods/nope")
        #expect(missing.code == 404)
        #expect(missing.json["kind"]?.string == "Status")
        #expect(missing.reason == "NotFound")
        #expect(missing.message == #"pods "nope" not found"#)
        #expect(missing.json[["details", "name"]]?.string == "nope")
        #expect(missing.json[["details", "kind"]]?.string == "pods")
        let unknown = try api.get("/api/v1/namespaces/default/widgets")
        #expect(unknown.code == 404)
        #expect(unknown.message == "the server could not find the requested resource")
    }

    @Test func getAsATableFollowsTheAcceptHeader() throws {
        let api = try RESTFixture()
        try api.configMap("cm", data: #"{"a":"1","b":"2"}"#)
        let table = try api.get(
            "/api/v1/namespaces/default/configmaps/cm",
            headers: [("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")])
        #expect(table.code == 200)
        #expect(table.json["kind"]?.string == "Table")
        #expect(table.json["columnDefinitions"]?.array?.first?["name"]?.string == "Name")
        #expect(table.json["rows"]?.array?.first?["cells"]?.array?.first?.string == "cm")
    }

    @Test func listFiltersByLabelAndFieldSelectors() throws {
        let api = try RESTFixture()
        try api.configMap("web", labels: #"{"app":"web","tier":"front"}"#)
        try api.configMap("db", labels: #"{"app":"db"}"#)
        try api.configMap("other", namespace: "kube-system", labels: #"{"app":"web"}"#)
        let listed = try api.get("/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb")
        #expect(listed.code == 200)
        #expect(listed.json["kind"]?.string == "ConfigMapList")
        #expect(listed.json["apiVersion"]?.string == "v1")
        #expect(listed.json[["metadata", "resourceVersion"]]?.string == String(api.store.revision))
        #expect(listed.names == ["web"])
        #expect(try api.get("/api/v1/configmaps?labelSelector=app%3Dweb").names == ["web", "other"])
        #expect(
            try api.get("/api/v1/namespaces/default/configmaps?labelSelector=app+in+(web,db),!tier").names == ["db"])
        #expect(try api.get("/api/v1/configmaps?fieldSelector=metadata.namespace%3Dkube-system").names == ["other"])
        #expect(try api.get("/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Ddb").names == ["web"])
        let bad = try api.get("/api/v1/configmaps?labelSelector=app%3D%3D%3Dx")
        #expect(bad.code == 400)
        #expect(bad.reason == "BadRequest")
        let badField = try api.get("/api/v1/configmaps?fieldSelector=metadata.name")
        #expect(badField.code == 400)
        #expect(badField.message == "invalid selector: 'metadata.name'; can't understand 'metadata.name'")
    }

    @Test func listPagesWithLimitAndContinue() throws {
        let api = try RESTFixture()
        for name in ["a", "b", "c", "d", "e"] { try api.configMap(name) }
        var names: [String] = []
        var target = "/api/v1/namespaces/default/configmaps?limit=2"
        var pages = 0
        while pages < 10 {
            let page = try api.get(target)
            #expect(page.code == 200)
            pages += 1
            names += page.names
            guard let token = page.json[["metadata", "continue"]]?.string else { break }
            #expect(page.names.count == 2)
            target = "/api/v1/namespaces/default/configmaps?limit=2&continue=\(token)"
        }
        #expect(pages == 3)
        #expect(names == ["a", "b", "c", "d", "e"])
        let badToken = try api.get("/api/v1/namespaces/default/configmaps?limit=2&continue=garbage")
        #expect(badToken.code == 400)
    }

    @Test func aCollectionTakesNoPutAndAnExactVersionMustBeANumber() throws {
        let api = try RESTFixture()
        let put = try api.put("/api/v1/namespaces/default/configmaps", "{}")
        #expect(put.code == 405)
        #expect(put.reason == "MethodNotAllowed")
        let exact = try api.get("/api/v1/configmaps?resourceVersion=x&resourceVersionMatch=Exact")
        #expect(exact.code == 400)
        #expect(exact.message == "invalid resourceVersion: x")
    }
}
