import Testing
@testable import KubeAPI

/// The rest of core/v1 and coordination.k8s.io/v1 in discovery as kube-apiserver 1.32 lists them: short names
/// and categories (`kubectl get rc,pvc,pv,quota,limits`), and the subresources whose kind lives in another
/// group (kubectl drain looks for `pods/eviction` with group policy; the scale client for `*/scale`).
@Suite("Discovery: the rest of core/v1, subresources of other groups, leases")
struct DiscoveryRestOfCoreTests {
    func parse(_ path: String, accept: String? = nil) throws -> JSONValue {
        try JSONParser.parse(try #require(Discovery.response(path: path, accept: accept, serverAddress: "h:1")).body)
    }

    func entry(_ list: JSONValue, _ name: String) -> JSONValue? {
        list["resources"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func shortNamesAndCategories() throws {
        let core = try parse("/api/v1")
        let expected: [(String, [String])] = [
            ("replicationcontrollers", ["rc"]), ("persistentvolumeclaims", ["pvc"]),
            ("persistentvolumes", ["pv"]), ("resourcequotas", ["quota"]),
            ("limitranges", ["limits"]), ("componentstatuses", ["cs"]),
        ]
        for (name, short) in expected {
            #expect(entry(core, name)?["shortNames"] == .array(short.map { .string($0) }), "\(name)")
        }
        #expect(entry(core, "podtemplates")?["shortNames"] == nil)
        #expect(entry(core, "replicationcontrollers")?["categories"] == .array([.string("all")]))
        #expect(entry(core, "persistentvolumeclaims")?["categories"] == nil)
        #expect(entry(core, "persistentvolumes")?["namespaced"]?.bool == false)
        // componentstatuses are read-only and not stored: no storageVersionHash.
        let cs = try #require(entry(core, "componentstatuses"))
        #expect(cs["verbs"] == .array([.string("get"), .string("list")]))
        #expect(cs["storageVersionHash"] == nil)
        #expect(entry(core, "resourcequotas")?["storageVersionHash"] != nil)
    }

    @Test func subresourcesOfOtherGroupsNameTheirGroup() throws {
        let core = try parse("/api/v1")
        let eviction = try #require(entry(core, "pods/eviction"))
        #expect(
            eviction["group"]?.string == "policy" && eviction["version"]?.string == "v1"
                && eviction["kind"]?.string == "Eviction")
        #expect(eviction["verbs"] == .array([.string("create")]))
        let scale = try #require(entry(core, "replicationcontrollers/scale"))
        #expect(
            scale["group"]?.string == "autoscaling" && scale["version"]?.string == "v1"
                && scale["kind"]?.string == "Scale")
        #expect(scale["verbs"] == .array(["get", "patch", "update"].map { .string($0) }))
        #expect(entry(core, "pods/status")?["group"] == nil)
        for status in [
            "replicationcontrollers/status", "resourcequotas/status", "persistentvolumes/status",
            "persistentvolumeclaims/status",
        ] {
            #expect(entry(core, status) != nil, "\(status)")
        }

        let aggregated = try parse(
            "/api", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        let resources = aggregated["items"]?.array?.first?["versions"]?.array?.first?["resources"]?.array ?? []
        let rc = try #require(resources.first { $0["resource"]?.string == "replicationcontrollers" })
        let rcScale = try #require(rc["subresources"]?.array?.first { $0["subresource"]?.string == "scale" })
        #expect(
            rcScale["responseKind"]
                == .object([("group", .string("autoscaling")), ("version", .string("v1")), ("kind", .string("Scale"))]))
    }

    @Test func leasesAreCoordinationV1() throws {
        let groups = try parse("/apis")
        #expect(
            groups["groups"]?.array?.compactMap { $0["name"]?.string } == [
                "authentication.k8s.io", "authorization.k8s.io", "coordination.k8s.io",
            ])
        let list = try parse("/apis/coordination.k8s.io/v1")
        let leases = try #require(entry(list, "leases"))
        #expect(
            leases["namespaced"]?.bool == true && leases["kind"]?.string == "Lease"
                && leases["verbs"]?.array?.count == 8)
        #expect(leases["storageVersionHash"] != nil)
    }
}
