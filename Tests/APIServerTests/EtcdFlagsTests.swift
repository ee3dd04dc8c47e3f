import Testing
@testable import APIServer

/// kube-apiserver's etcd flags.
@Suite("etcd flags")
struct EtcdFlagsTests {
    func parse(_ args: [String]) throws(FlagError) -> ServerConfig {
        var config = ServerConfig()
        try Flags.parse(args, into: &config)
        return config
    }

    @Test func defaultsAreKubeApiserversAndNoEtcd() {
        let c = ServerConfig()
        #expect(c.etcdServers.isEmpty)
        #expect(c.etcdPrefix == "/registry")
        #expect(c.etcdCompactionInterval == .seconds(300))
        #expect(
            Flags.usage().contains(
                "--etcd-prefix, -etcd_prefix\n        The prefix of every key in etcd. (default /registry)"))
    }

    @Test func everyEtcdFlag() throws {
        let c = try parse([
            "--etcd-servers=https://10.0.0.1:2379,https://[fd00::2]:2379, http://etcd-3", "--etcd-prefix", "/kc",
            "--etcd-cafile", "/ca.pem", "--etcd-certfile=/c.pem", "--etcd-keyfile=/k.pem",
            "-etcd_compaction_interval=0s",
        ])
        #expect(c.etcdServers == ["https://10.0.0.1:2379", "https://[fd00::2]:2379", "http://etcd-3"])
        #expect(c.etcdPrefix == "/kc")
        #expect(c.etcdCAFile == "/ca.pem" && c.etcdCertFile == "/c.pem" && c.etcdKeyFile == "/k.pem")
        #expect(c.etcdCompactionInterval == .zero)
    }

    @Test(arguments: ["10.0.0.1:2379", "http://h:2379/v3", "http://h:99999", "unix:///run/etcd.sock"])
    func badServerURLsAreABadFlag(_ url: String) {
        #expect {
            try parse(["--etcd-servers", "http://ok:2379,\(url)"])
        } throws: { error in
            guard case .invalid(let flag, _, let why)? = error as? FlagError else { return false }
            return flag == "--etcd-servers" && why.contains(url)
        }
    }

    /// The identity lease's duration (~15 s by default), and prefixes that would mix the objects with
    /// kube-console's own keys refused.
    @Test func identityLeaseDurationAndReservedPrefixes() throws {
        #expect(ServerConfig().identityLeaseDuration == .seconds(15))
        #expect(try parse(["--identity-lease-duration", "2s"]).identityLeaseDuration == .seconds(2))
        #expect(
            throws: FlagError.invalid(
                flag: "--identity-lease-duration", value: "0s",
                why: "must be a positive duration such as 500ms, 10s or 2m")
        ) {
            try parse(["--identity-lease-duration", "0s"])
        }
        for prefix in ["/kube-console", "/kube-console/registry"] {
            #expect(
                throws: FlagError.invalid(
                    flag: "--etcd-prefix", value: prefix,
                    why: "/kube-console holds kube-console's own keys (credentials, masters)")
            ) {
                try parse(["--etcd-prefix", prefix])
            }
        }
        #expect(try parse(["--etcd-prefix", "/kube-consoles"]).etcdPrefix == "/kube-consoles")
        #expect(ClusterKeys.credentials(etcdPrefix: "/registry") == "/kube-console/registry/credentials")
        #expect(ClusterKeys.masters(etcdPrefix: "/a/b/") == "/kube-console/a/b/masters")
    }
}
