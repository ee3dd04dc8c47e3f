import Testing
@testable import KubeAPI

/// What `kubectl apply` sends when a manifest changes: a strategic merge patch computed three ways (last
/// applied, new manifest, live object) with the changes, `null` for removed fields, `$patch: delete` for
/// removed elements, `$setElementOrder` for the manifest's order, and the new last-applied annotation.
/// The patches here are what kubectl 1.32 computes for these manifests.
@Suite("Patch: kubectl apply")
struct PatchKubectlApplyTests {
    static let annotation = "kubectl.kubernetes.io/last-applied-configuration"

    // Live after `kubectl apply` of a pod with containers web (nginx:1.25, MODE=dev, port 80) and sidecar,
    // labels app=web and tier=fe, with the server's defaults filled in.
    static let livePod = #"""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web","namespace":"default","uid":"6f1c","resourceVersion":"12","creationTimestamp":"2026-01-01T00:00:00Z",
           "labels":{"app":"web","tier":"fe"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"v1"}},
         "spec":{"containers":[
             {"name":"web","image":"nginx:1.25","env":[{"name":"MODE","value":"dev"}],"ports":[{"containerPort":80,"protocol":"TCP"}],
              "imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log","resources":{}},
             {"name":"sidecar","image":"busybox","imagePullPolicy":"Always","resources":{}}],
           "restartPolicy":"Always","dnsPolicy":"ClusterFirst","nodeName":"n1"},
         "status":{"phase":"Running"}}
        """#

    // The manifest now drops label tier and container sidecar, moves web to nginx:1.26 with MODE=prod and a
    // new LOG variable, and adds container log.
    static let podPatch = #"""
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"v2"},"labels":{"tier":null}},
         "spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"log"}],
           "containers":[
             {"$setElementOrder/env":[{"name":"MODE"},{"name":"LOG"}],"env":[{"name":"MODE","value":"prod"},{"name":"LOG","value":"debug"}],
              "image":"nginx:1.26","name":"web"},
             {"image":"fluent-bit","name":"log"},
             {"$patch":"delete","name":"sidecar"}]}}
        """#

    @Test func applyingAModifiedPodManifest() throws {
        let result = try PatchFixture.apply(.strategic, Self.podPatch, to: Self.livePod)
        let expected = try PatchFixture.json(
            #"""
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"web","namespace":"default","uid":"6f1c","resourceVersion":"12","creationTimestamp":"2026-01-01T00:00:00Z",
               "labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"v2"}},
             "spec":{"containers":[
                 {"name":"web","image":"nginx:1.26","env":[{"name":"MODE","value":"prod"},{"name":"LOG","value":"debug"}],
                  "ports":[{"containerPort":80,"protocol":"TCP"}],
                  "imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log","resources":{}},
                 {"name":"log","image":"fluent-bit"}],
               "restartPolicy":"Always","dnsPolicy":"ClusterFirst","nodeName":"n1"},
             "status":{"phase":"Running"}}
            """#)
        #expect(result == expected, "got \(result.text)")
    }

    // Applying the same patch again (kubectl retries on conflict) gives the same object: nothing to delete,
    // nothing new to add.
    @Test func reapplyingIsIdempotent() throws {
        let once = try PatchFixture.apply(.strategic, Self.podPatch, to: Self.livePod)
        let twice = try PatchFixture.apply(.strategic, Self.podPatch, to: once.text)
        #expect(twice == once, "got \(twice.text)")
    }

    // A Service whose manifest changes port 80's targetPort and adds a metrics port: ports merge by port, so
    // the server-filled protocol stays, and the manifest's order holds.
    @Test func applyingAModifiedServiceManifest() throws {
        let live = #"""
            {"metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"v1"}},
             "spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","selector":{"app":"web"},
               "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]}}
            """#
        let patch = #"""
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"v2"}},
             "spec":{"$setElementOrder/ports":[{"port":9100},{"port":80}],
               "ports":[{"name":"metrics","port":9100},{"port":80,"targetPort":9090}]}}
            """#
        let result = try PatchFixture.apply(.strategic, patch, to: live, kind: "Service")
        #expect(
            result[["spec", "ports"]]
                == (try PatchFixture.json(
                    #"""
                    [{"name":"metrics","port":9100},{"name":"http","port":80,"protocol":"TCP","targetPort":9090}]
                    """#)),
            "got \(result.text)")
        #expect(result[["spec", "clusterIP"]] == .string("10.96.0.10"))
        #expect(result[["metadata", "annotations", Self.annotation]] == .string("v2"))
    }

    // Then the manifest drops LOG again: kubectl sends a deletion for it and the remaining orders.
    @Test func applyingAManifestThatDropsAnEnvVar() throws {
        let live = try PatchFixture.apply(.strategic, Self.podPatch, to: Self.livePod)
        let patch = #"""
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"v3"}},
             "spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"log"}],
               "containers":[{"$setElementOrder/env":[{"name":"MODE"}],"env":[{"$patch":"delete","name":"LOG"}],"name":"web"}]}}
            """#
        let result = try PatchFixture.apply(.strategic, patch, to: live.text)
        let containers = try #require(result[["spec", "containers"]]?.array)
        #expect(containers.map { $0["name"] } == [.string("web"), .string("log")])
        #expect(
            containers.first?["env"] == (try PatchFixture.json(#"[{"name":"MODE","value":"prod"}]"#)),
            "got \(result.text)")
        #expect(containers.first?["image"] == .string("nginx:1.26"))
    }
}
