import Testing
@testable import KubeAPI

/// storageVersionHash as kube-apiserver publishes it in discovery (base64 of the first 8 bytes of the
/// SHA-256 of `group/version/kind`), for core kinds whose values kube's discovery documents show.
@Suite("Discovery: storageVersionHash")
struct DiscoveryStorageVersionHashTests {
    @Test func matchesKubesPublishedHashes() {
        #expect(Discovery.storageVersionHash(group: "", version: "v1", kind: "Pod") == "xPOwRZ+Yhw8=")
        #expect(Discovery.storageVersionHash(group: "", version: "v1", kind: "ConfigMap") == "qFsyl6wFWjQ=")
        #expect(Discovery.storageVersionHash(group: "", version: "v1", kind: "Namespace") == "Q3oi5N2YM8M=")
    }
}
