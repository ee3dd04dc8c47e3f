import Foundation
import Testing
import TestSupport
@testable import Storage

@Suite(
    .enabled(
        if: EtcdProcess.isInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
        "needs Debian's etcd-server and openssl"))
struct EtcdTLSTests {
    /// etcd with client-certificate authentication: the store verifies etcd against --etcd-cafile and
    /// presents --etcd-certfile/--etcd-keyfile; without a certificate etcd refuses it, and the error says
    /// it was TLS.
    @Test func mutualTLSWithTheCAAndAClientCertificate() throws {
        let etcd = try EtcdProcess(tls: true)
        let pki = try #require(etcd.tls)
        var options = StoreFixture.etcdOptions(etcd.url, prefix: "/registry")
        options.caFile = pki.ca
        options.certFile = pki.clientCertificate
        options.keyFile = pki.clientKey
        let store = try EtcdStore(options: options, codec: TestObjectCodec())
        defer { store.close() }
        let a = try store.create(podKey("a"), uid: "a", pod("a"))
        #expect(store.get(podKey("a"))?.modRevision == a.modRevision)
        #expect(
            try etcd.etcdctl(["get", "--keys-only", "/registry/pods/default/a"]).stdout.hasPrefix(
                "/registry/pods/default/a"))

        options.certFile = nil
        options.keyFile = nil
        #expect {
            try EtcdStore(options: options, codec: TestObjectCodec())
        } throws: { error in
            guard case .unavailable(let message)? = error as? StoreError else { return false }
            return message.contains(etcd.url) && message.contains("TLS")
        }
    }
}
