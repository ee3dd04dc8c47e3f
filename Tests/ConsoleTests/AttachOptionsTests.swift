import Foundation
import Testing
import TestSupport
@testable import APIServer
@testable import Console

/// How `kube-console attach` finds its master and says who it is: flags, and kubeconfigs as kubectl
/// writes them.
@Suite("attach flags and kubeconfigs")
struct AttachOptionsTests {
    static let kubectlStyle = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(Array("CA PEM".utf8).base64)
            server: https://10.0.0.1:6443
          name: prod
        - cluster:
            certificate-authority: ca.crt
            server: "https://127.0.0.1:6443"
          name: local
        contexts:
        - context:
            cluster: prod
            user: ops
          name: prod
        - context: {cluster: local, user: admin}
          name: flow
        - context:
            cluster: local
            user: admin   # the generated one
          name: local
        current-context: local
        kind: Config
        preferences: {}
        users:
        - name: admin
          user:
            token: 'abc''def'
        - name: ops
          user:
            client-certificate: /etc/ops.crt
            client-key-data: \(Array("KEY".utf8).base64)
        """

    @Test func theCurrentContextNamesServerCAAndCredentials() throws {
        let local = try Kubeconfig.parse(Self.kubectlStyle, file: "/home/op/.kube/config")
        #expect(local.server == "https://127.0.0.1:6443")
        #expect(local.certificateAuthority == "/home/op/.kube/ca.crt")  // relative to the kubeconfig
        #expect(local.token == "abc'def")
        let prod = try Kubeconfig.parse(Self.kubectlStyle, file: "/k", context: "prod")
        #expect(prod.server == "https://10.0.0.1:6443")
        #expect(prod.certificateAuthorityData == Array("CA PEM".utf8))
        #expect(prod.clientCertificate == "/etc/ops.crt")
        #expect(prod.clientKeyData == Array("KEY".utf8))
        #expect(prod.token == nil)
        let flow = try Kubeconfig.parse(Self.kubectlStyle, file: "/k", context: "flow")
        #expect(flow.server == "https://127.0.0.1:6443" && flow.token == "abc'def")
    }

    @Test func whatAKubeconfigCannotSayIsAnErrorWithItsLine() {
        #expect(throws: ControlError("/k: no context named nope")) {
            try Kubeconfig.parse(Self.kubectlStyle, file: "/k", context: "nope")
        }
        // What is beyond this reader is refused with its line, not misread.
        #expect(
            throws: ControlError(
                "/k:2: this YAML (block scalars, anchors, tags) is beyond what a kubeconfig needs; write it out plainly"
            )
        ) {
            try Kubeconfig.parse("clusters:\n- cluster: &shared\n    server: x\n", file: "/k")
        }
        #expect(
            throws: ControlError(
                "/k:1: nested or quoted flow collections are beyond what a kubeconfig needs; write them out as blocks")
        ) {
            try Kubeconfig.parse("contexts: [{name: a}]\n", file: "/k")
        }
        #expect(throws: ControlError("/k: no current-context")) { try Kubeconfig.parse("apiVersion: v1\n", file: "/k") }
    }

    @Test func theGeneratedAdminKubeconfigReadsBack() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = FirstRun(
            certFile: dir + "/c.crt", keyFile: dir + "/c.key", caFile: nil, tokenFile: nil, policyFile: nil,
            authorizationMode: .abac, kubeconfigPath: dir + "/admin.kubeconfig")
        try files.writeKubeconfig(server: "https://127.0.0.1:6443", token: "0123abcd")
        let config = try Kubeconfig.load(path: dir + "/admin.kubeconfig")
        #expect(config.server == "https://127.0.0.1:6443")
        #expect(config.token == "0123abcd")
        #expect(config.certificateAuthority == dir + "/c.crt")
    }

    @Test func aJSONKubeconfigIsJSON() throws {
        let json =
            #"{"current-context":"c","contexts":[{"name":"c","context":{"cluster":"k","user":"u"}}],"clusters":[{"name":"k","cluster":{"server":"https://h:1"}}],"users":[{"name":"u","user":{"token":"t"}}]}"#
        let config = try Kubeconfig.parse(json, file: "/k.json")
        #expect(config.server == "https://h:1" && config.token == "t")
    }

    @Test func flagsChooseTheLocalSocketOrARemoteServer() throws {
        let local = try AttachOptions.parse(["--data-dir", "/srv/kc"])
        #expect(!local.isRemote)
        #expect(local.socketPath == "/srv/kc/console.sock")
        #expect(try local.target().description == "/srv/kc/console.sock")
        #expect(try AttachOptions.parse(["--socket=/run/kc.sock"]).socketPath == "/run/kc.sock")
        let remote = try AttachOptions.parse(["--server", "https://10.0.0.1:6443", "--token", "t0k3n"])
        #expect(remote.isRemote)
        let target = try remote.target()
        #expect(target.description == "https://10.0.0.1:6443")
        #expect(target.authorization == "Bearer t0k3n")
        #expect(!target.isLocal)
    }

    @Test(arguments: [
        (["--bogus", "x"], "unknown flag: --bogus (see kube-console attach --help)"),
        (["--server"], "flag needs an argument: --server"),
        (["extra"], "unexpected argument: extra (see kube-console attach --help)"),
        (
            ["--socket", "/s", "--server", "https://h"],
            "--socket is for a local master; --server and --kubeconfig for a remote one"
        ),
        (["--client-certificate", "/c"], "--client-certificate and --client-key go together"),
    ])
    func badFlagsSaySo(_ arguments: [String], _ message: String) {
        #expect(throws: ControlError(message)) { try AttachOptions.parse(arguments) }
    }

    @Test func aRemoteTargetIsHTTPS() {
        #expect(
            throws: ControlError(
                "--server http://10.0.0.1:8080: the console channel is on the secure port: use https://")
        ) {
            try AttachOptions.parse(["--server", "http://10.0.0.1:8080"]).target()
        }
    }
}

extension Array where Element == UInt8 {
    var base64: String { Data(self).base64EncodedString() }
}
