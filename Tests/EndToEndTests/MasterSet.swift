import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Masters on one etcd, started as share/cluster/up starts them: the first makes its credentials and
/// seeds etcd with them, the others start with a copy of its token file in their own data directories
/// (their own CA and serving certificate each). Each master's data directory goes with the set.
final class MasterSet: @unchecked Sendable {  // its fields are set once, in init
    let servers: [ServerProcess]
    let prefix: String
    let endpoints: [String]
    private let ownDirectories: [String]

    init(_ count: Int = 2, etcd endpoints: [String], extra: [String] = []) throws {
        self.endpoints = endpoints
        prefix = "/masters-\(UUID().uuidString.prefix(8))"
        let flags =
            [
                "--access-log=false", "--etcd-servers", endpoints.joined(separator: ","), "--etcd-prefix", prefix,
                "--etcd-compaction-interval", "0s",
            ] + extra
        let first = try ServerProcess.serve(flags)
        var servers = [first], directories: [String] = []
        for _ in 1..<count {
            let dir = makeTemporaryDirectory()
            directories.append(dir)
            if FileManager.default.fileExists(atPath: first.dataDir + "/tokens.csv") {
                try FileManager.default.copyItem(atPath: first.dataDir + "/tokens.csv", toPath: dir + "/tokens.csv")
            }
            servers.append(try ServerProcess.serve(flags, dataDir: dir))
        }
        self.servers = servers
        ownDirectories = directories
    }

    deinit {
        for server in servers { server.stop() }
        for dir in ownDirectories { try? FileManager.default.removeItem(atPath: dir) }
    }

    subscript(i: Int) -> SecureServer { SecureServer(process: servers[i]) }

    /// A plain-HTTP request to master `i`'s localhost port, on `connection` if given (kept alive: a test
    /// making many requests must not use up ephemeral ports, which other tests' servers then fail to bind).
    func call(_ i: Int, _ method: String, _ path: String, _ body: String? = nil, on connection: RawClient? = nil) throws
        -> RawClient.Response
    {
        let c = try connection ?? RawClient(port: servers[i].port("localhost"))
        var head = "\(method) \(path) HTTP/1.1\r\nHost: x\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        try c.send(head + "\r\n" + (body ?? ""))
        return try c.readResponse()
    }

    /// The keys under kube-console's own prefix for this set's masters (`etcdctl get --keys-only`).
    func masterKeys() throws -> [String] {
        let r = try runTool(
            "/usr/bin/etcdctl",
            [
                "--endpoints", endpoints.joined(separator: ","), "get", "--prefix", "--keys-only",
                "/kube-console\(prefix)/masters/",
            ])
        return r.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
