import KubeAPI
import Testing

@testable import APIServer

/// Field selector labels as kube-apiserver's conversion functions take them: per resource, 400 otherwise.
@Suite("REST field selector labels, in-process")
struct RESTFieldLabelTests {
    @Test func aLabelTheResourceDoesNotSupportIsABadRequestOnEveryListingVerb() throws {
        let api = try RESTFixture()
        try api.configMap("kept")
        for target in [
            "/api/v1/namespaces/default/pods?fieldSelector=spec.nonsense%3Dx",
            "/api/v1/namespaces/default/pods?fieldSelector=spec.nonsense%3Dx&watch=1",
        ] {
            let refused = try api.get(target)
            #expect(refused.code == 400, "\(target)")
            #expect(refused.reason == "BadRequest")
            #expect(refused.message == "field label not supported: spec.nonsense")
        }
        let namespaced = try api.get("/api/v1/namespaces?fieldSelector=metadata.namespace%3Ddefault")
        #expect(namespaced.message == "field label not supported: metadata.namespace")
        let byDefault = try api.get("/api/v1/configmaps?fieldSelector=data.x%3Dy")
        #expect(byDefault.code == 400)
        #expect(
            byDefault.message == #""data.x" is not a known field selector: only "metadata.name", "metadata.namespace""#)
        let collection = try api.delete("/api/v1/namespaces/default/configmaps?fieldSelector=data.x%3Dy")
        #expect(collection.code == 400)
        #expect(try api.get("/api/v1/namespaces/default/configmaps").names == ["kept"])
    }

    @Test func supportedLabelsSelectIncludingGoZeroValuesAndTheOldSpecHost() throws {
        let api = try RESTFixture()
        let pod =
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME"},"spec":{SPEC"containers":[{"name":"c","image":"i"}]}}"#
        for (name, spec) in [("plain", ""), ("host", #""hostNetwork":true,"nodeName":"n1","#)] {
            let body = pod.replacingOccurrences(of: "NAME", with: name).replacingOccurrences(of: "SPEC", with: spec)
            #expect(try api.post("/api/v1/namespaces/default/pods", body).code == 201)
        }
        #expect(
            try api.get("/api/v1/namespaces/default/pods?fieldSelector=spec.hostNetwork%3Dfalse").names == ["plain"])
        #expect(try api.get("/api/v1/namespaces/default/pods?fieldSelector=spec.hostNetwork%3Dtrue").names == ["host"])
        #expect(try api.get("/api/v1/namespaces/default/pods?fieldSelector=spec.host%3Dn1").names == ["host"])
        #expect(
            try api.get("/api/v1/namespaces/default/pods?fieldSelector=status.podIPs%3D").names == ["host", "plain"])
        let service = #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"#
        #expect(try api.post("/api/v1/namespaces/default/services", service).code == 201)
        #expect(try api.get("/api/v1/namespaces/default/services?fieldSelector=spec.type%3DClusterIP").names == ["web"])
        #expect(try api.get("/api/v1/namespaces/default/services?fieldSelector=spec.type%3DNodePort").names == [])
    }
}
