import Testing
@testable import KubeAPI

/// What kubectl 1.32 reads from /openapi/v3: cli-runtime's queryParamVerifierV3 (server-side validation is
/// used when the PATCH operation of the kind, tagged with its x-kubernetes-group-version-kind, lists the
/// `fieldValidation` parameter) and apply's patcher (strategic merge patch from the components' schemas).
@Suite("Schema: OpenAPI documents")
struct SchemaOpenAPITests {
    func json(_ bytes: [UInt8]?) throws -> JSONValue { try JSONParser.parse(try #require(bytes)) }

    /// cli-runtime's supportsQueryParamV3, transcribed.
    func supportsFieldValidation(_ doc: JSONValue, group: String, version: String, kind: String) -> Bool {
        for (_, item) in doc["paths"]?.members ?? [] {
            guard let patch = item["patch"], let gvk = patch["x-kubernetes-group-version-kind"],
                gvk["group"]?.string == group, gvk["version"]?.string == version, gvk["kind"]?.string == kind
            else { continue }
            return (patch["parameters"]?.array ?? []).contains { $0["name"]?.string == "fieldValidation" }
        }
        return false
    }

    @Test func rootListsEachGroupVersionWithItsHash() throws {
        let root = try json(OpenAPI.v3Root())
        #expect(
            root["paths"]?.members?.map(\.key)
                == [
                    "api/v1", "apis/authentication.k8s.io/v1", "apis/authorization.k8s.io/v1",
                    "apis/coordination.k8s.io/v1",
                ])
        for (path, entry) in root["paths"]?.members ?? [] {
            let url = try #require(entry["serverRelativeURL"]?.string)
            #expect(url == "/openapi/v3/\(path)?hash=\(try #require(OpenAPI.v3Hash(groupVersion: path)))")
            #expect(OpenAPI.v3(groupVersion: "/" + path) == OpenAPI.v3(groupVersion: path))
        }
        #expect(OpenAPI.v3(groupVersion: "apis/apps/v1") == nil)
    }

    @Test func kubectlFindsServerSideFieldValidationForEveryWritableKind() throws {
        let core = try json(OpenAPI.v3(groupVersion: "api/v1"))
        #expect(core["openapi"]?.string == "3.0.0")
        for kind in [
            "Namespace", "Node", "Pod", "Service", "Endpoints", "Event", "Secret", "ConfigMap", "ServiceAccount",
        ] {
            #expect(supportsFieldValidation(core, group: "", version: "v1", kind: kind), "\(kind)")
        }
        #expect(!supportsFieldValidation(core, group: "apps", version: "v1", kind: "Deployment"))
        let create = core[["paths", "/api/v1/namespaces/{namespace}/pods", "post"]]
        #expect(create?["parameters"]?.array?.contains { $0["name"]?.string == "fieldValidation" } == true)
        #expect(create?["x-kubernetes-action"]?.string == "post")
        let patch = try #require(
            core[["paths", "/api/v1/namespaces/{namespace}/pods/{name}", "patch", "requestBody", "content"]])
        #expect(patch["application/strategic-merge-patch+json"] != nil)
        #expect(core[["paths", "/api/v1/pods", "get", "x-kubernetes-action"]]?.string == "list")
        #expect(
            core[[
                "paths", "/api/v1/namespaces/{namespace}/pods/{name}/binding", "post",
                "x-kubernetes-group-version-kind", "kind",
            ]]?.string == "Binding")
        #expect(core[["paths", "/api/v1/namespaces/{name}/status", "put"]] != nil)
    }

    @Test func componentsCarryKindsAndPatchMetadata() throws {
        let core = try json(OpenAPI.v3(groupVersion: "api/v1"))
        let schemas = try #require(core[["components", "schemas"]])
        let pod = try #require(schemas["io.k8s.api.core.v1.Pod"])
        #expect(
            pod["x-kubernetes-group-version-kind"]
                == .array([.object([("group", .string("")), ("kind", .string("Pod")), ("version", .string("v1"))])]))
        #expect(
            pod[["properties", "spec", "allOf"]]?.array?.first?["$ref"]?.string
                == "#/components/schemas/io.k8s.api.core.v1.PodSpec")
        let containers = try #require(schemas[["io.k8s.api.core.v1.PodSpec", "properties", "containers"]])
        #expect(containers["x-kubernetes-patch-merge-key"]?.string == "name")
        #expect(containers["x-kubernetes-patch-strategy"]?.string == "merge")
        #expect(
            schemas[["io.k8s.api.core.v1.PodSpec", "properties", "volumes", "x-kubernetes-patch-strategy"]]?.string
                == "merge,retainKeys")
        #expect(schemas[["io.k8s.api.core.v1.PodSpec", "required"]] == .array([.string("containers")]))
        // Inline structs are flattened, special types are scalars.
        #expect(schemas[["io.k8s.api.core.v1.ConfigMapKeySelector", "properties", "name", "type"]]?.string == "string")
        #expect(schemas[["io.k8s.apimachinery.pkg.util.intstr.IntOrString", "format"]]?.string == "int-or-string")
        #expect(schemas[["io.k8s.apimachinery.pkg.apis.meta.v1.Time", "format"]]?.string == "date-time")
        #expect(schemas["io.k8s.api.authorization.v1.SelfSubjectAccessReview"] == nil)  // other group/version
        let auth = try json(OpenAPI.v3(groupVersion: "apis/authorization.k8s.io/v1"))
        #expect(
            supportsFieldValidation(auth, group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview")
                == false)
        #expect(
            auth[["paths", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "post", "parameters"]]?.array?
                .contains { $0["name"]?.string == "fieldValidation" } == true)
    }

    @Test func authenticationReviewsAndTheTokenSubresourceArePublished() throws {
        let core = try json(OpenAPI.v3(groupVersion: "api/v1"))
        let token = try #require(
            core[["paths", "/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", "post"]])
        #expect(token["operationId"]?.string == "createCoreV1NamespacedServiceAccountToken")
        #expect(
            token["x-kubernetes-group-version-kind"]
                == .object([
                    ("group", .string("authentication.k8s.io")), ("kind", .string("TokenRequest")),
                    ("version", .string("v1")),
                ]))
        #expect(
            core[["components", "schemas", "io.k8s.api.authentication.v1.TokenRequestSpec", "required"]]
                == .array([.string("audiences")]))
        let authn = try json(OpenAPI.v3(groupVersion: "apis/authentication.k8s.io/v1"))
        #expect(
            authn[["paths", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "post", "operationId"]]?.string
                == "createAuthenticationV1SelfSubjectReview")
        #expect(
            authn[["paths", "/apis/authentication.k8s.io/v1/tokenreviews", "post", "operationId"]]?.string
                == "createAuthenticationV1TokenReview")
        #expect(
            authn[[
                "components", "schemas", "io.k8s.api.authentication.v1.UserInfo", "properties", "extra",
                "additionalProperties",
            ]] != nil)
        let authz = try json(OpenAPI.v3(groupVersion: "apis/authorization.k8s.io/v1"))
        #expect(
            authz[["paths", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", "post", "operationId"]]?.string
                == "createAuthorizationV1SelfSubjectRulesReview")
        let v2 = try json(OpenAPI.v2())
        for path in [
            "/apis/authentication.k8s.io/v1/selfsubjectreviews", "/apis/authentication.k8s.io/v1/tokenreviews",
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            "/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token",
        ] {
            #expect(v2[["paths", path, "post"]] != nil, "\(path)")
        }
    }

    @Test(
        "every $ref resolves",
        arguments: ["api/v1", "apis/authentication.k8s.io/v1", "apis/authorization.k8s.io/v1", "v2"])
    func referencesResolve(document: String) throws {
        let doc = try json(document == "v2" ? OpenAPI.v2() : OpenAPI.v3(groupVersion: document))
        let (prefix, defined) =
            document == "v2"
            ? ("#/definitions/", doc["definitions"]) : ("#/components/schemas/", doc[["components", "schemas"]])
        let names = Set((defined?.members ?? []).map(\.key))
        var refs: [String] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .object(let members):
                for (k, c) in members { if k == "$ref", let s = c.string { refs.append(s) } else { walk(c) } }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(doc)
        #expect(refs.count > 20)
        let missing = refs.filter { !$0.hasPrefix(prefix) || !names.contains(String($0.dropFirst(prefix.count))) }
        #expect(missing.isEmpty, "\(Set(missing))")
    }

    @Test func swagger2() throws {
        let doc = try json(OpenAPI.v2())
        #expect(doc["swagger"]?.string == "2.0")
        let patch = try #require(doc[["paths", "/api/v1/namespaces/{namespace}/configmaps/{name}", "patch"]])
        #expect(patch["consumes"]?.array?.contains(.string("application/strategic-merge-patch+json")) == true)
        let parameters = patch["parameters"]?.array ?? []
        #expect(
            parameters.contains {
                $0["name"]?.string == "fieldValidation" && $0["in"]?.string == "query" && $0["type"]?.string == "string"
            })
        #expect(parameters.first?["in"]?.string == "body")
        #expect(
            doc[["definitions", "io.k8s.api.core.v1.Secret", "properties", "data", "additionalProperties", "format"]]?
                .string == "byte")
        #expect(
            doc[[
                "definitions", "io.k8s.api.authorization.v1.SelfSubjectAccessReview", "x-kubernetes-group-version-kind",
            ]] != nil)
    }

    /// The fields of one protobuf message as (number, bytes) pairs, for looking into the gnostic document.
    func fields(_ bytes: [UInt8]) throws -> [(Int, [UInt8])] {
        var reader = ProtobufReader(bytes)
        var out: [(Int, [UInt8])] = []
        while !reader.atEnd {
            let (number, value) = try reader.next()
            if case .bytes(let r) = value { out.append((number, Array(bytes[r]))) }
        }
        return out
    }

    @Test func swagger2AsGnosticProtobuf() throws {
        let doc = try fields(OpenAPI.v2Protobuf())
        #expect(doc.first?.0 == 1 && doc.first?.1 == Array("2.0".utf8))
        let definitions = try fields(try #require(doc.first { $0.0 == 9 }?.1)).map { try fields($0.1) }
        let names = definitions.compactMap { named in
            named.first { $0.0 == 1 }.map { String(decoding: $0.1, as: UTF8.self) }
        }
        #expect(names.count == (try json(OpenAPI.v2()))["definitions"]?.members?.count)
        let pod = try fields(
            try #require(definitions.first { $0.first?.1 == Array("io.k8s.api.core.v1.Pod".utf8) }?.last?.1))
        let extensions = try pod.filter { $0.0 == 31 }.map { try fields($0.1) }
        let gvk = try #require(extensions.first { $0.first?.1 == Array("x-kubernetes-group-version-kind".utf8) })
        let yaml = try fields(try #require(gvk.last?.1)).first { $0.0 == 2 }?.1 ?? []
        #expect(String(decoding: yaml, as: UTF8.self) == #"[{"group":"","kind":"Pod","version":"v1"}]"# + "\n")
        #expect(pod.contains { $0.0 == 25 })  // properties
        let paths = try fields(try #require(doc.first { $0.0 == 8 }?.1))
        #expect(paths.count == (try json(OpenAPI.v2()))["paths"]?.members?.count)
    }
}
