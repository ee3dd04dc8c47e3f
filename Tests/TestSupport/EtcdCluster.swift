import Foundation

/// Several real etcd members forming one cluster (three by default), each on its own free ports and data
/// directory: started together, a member killed (SIGKILL) and restarted, the leader found. Removed with
/// the object.
public final class EtcdCluster: @unchecked Sendable {
    public let members: [EtcdProcess]

    /// Client URLs of every member, in order (what `--etcd-servers` takes).
    public var urls: [String] { members.map(\.url) }

    /// Starts `size` members and waits until each answers (a quorum has elected a leader).
    public init(size: Int = 3, timeout: Double = 30) throws {
        let ports = (0..<size).map { _ in (client: freePort(), peer: freePort()) }
        let initialCluster = ports.enumerated().map { "m\($0)=http://127.0.0.1:\($1.peer)" }.joined(separator: ",")
        members = ports.enumerated().map { i, p in
            EtcdProcess(member: "m\(i)", clientPort: p.client, peerPort: p.peer, initialCluster: initialCluster)
        }
        for member in members { try member.launch() }
        guard eventually(timeout: timeout, { members.allSatisfy { $0.isRunning && $0.isAnswering() } }) else {
            let logs = members.map { "\($0.name): \($0.log)" }.joined(separator: "\n")
            for member in members { member.kill() }
            throw NSError(
                domain: "EtcdCluster", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "etcd cluster did not start: \(logs)"])
        }
    }

    /// The member that is leader now, as the members say (`etcdctl endpoint status`); nil while there is none.
    public func leader() -> Int? {
        guard
            let r = try? runTool(
                "/usr/bin/etcdctl",
                ["--endpoints", urls.joined(separator: ","), "--command-timeout", "2s", "endpoint", "status"]),
            r.status == 0
        else { return nil }
        // One line per endpoint: URL, ID, version, DB size, IS LEADER, IS LEARNER, raft term, ...
        for line in r.stdout.split(separator: "\n") {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count > 4, fields[4] == "true", let i = urls.firstIndex(of: fields[0]) { return i }
        }
        return nil
    }
}
