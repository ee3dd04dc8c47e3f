import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import APIServer
@testable import Console

/// The Masters view (7): the masters on one etcd and the etcd members; Enter attaches to another master.
@Suite("Console: masters on etcd")
struct MastersViewTests {
    static func master(_ n: Int, host: String = "host-1", isSelf: Bool = false, socket: String = "") -> MasterRow {
        MasterRow(
            name: "apiserver-\(n)aaaaaaaaaaaaaaaaaaaaaaaaa", host: host, dataDir: "/srv/master-\(n)", pid: 100 + n,
            version: "v1.32.0+kube-console.0.1.0", startedAt: Fixtures.now - 120 * Fixtures.second,
            ports: [("localhost", "http://127.0.0.1:808\(n)"), ("secure", "https://127.0.0.1:644\(n)")],
            consoleSocket: socket, isSelf: isSelf)
    }

    static func data() -> ConsoleData {
        var d = Fixtures.data()
        d.store = "etcd 2/3 up, leader 127.0.0.1:2379, rev 812, db 2.1 MB, prefix /registry"
        d.masters = [master(1, isSelf: true), master(2), master(3, host: "host-2")]
        d.etcdMembers = [
            EtcdMemberRow(
                url: "http://127.0.0.1:2379", reachable: true, isLeader: true, version: "3.4.23", revision: 812,
                dbSize: 2_200_000, lastError: nil),
            EtcdMemberRow(
                url: "http://127.0.0.1:2479", reachable: true, isLeader: false, version: "3.4.23", revision: 812,
                dbSize: 2_200_000, lastError: nil),
            EtcdMemberRow(
                url: "http://127.0.0.1:2579", reachable: false, isLeader: false, version: "", revision: 0, dbSize: 0,
                lastError: "Connection refused"),
        ]
        return d
    }

    @Test func theViewListsEveryMasterAndEtcdMember() {
        var model = ConsoleModel()
        _ = model.handle(.char("7"))
        let canvas = Fixtures.render(&model, Self.data(), 200, 30)
        let text = (0..<30).map { canvas.text($0) }
        #expect(text[0].contains("store etcd 2/3 up, leader 127.0.0.1:2379, rev 812, db 2.1 MB, prefix /registry"))
        #expect(text[2].contains("7 Masters"))
        #expect(text[3] == "store: etcd 2/3 up, leader 127.0.0.1:2379, rev 812, db 2.1 MB, prefix /registry")
        let rows = text.filter { $0.contains("apiserver-") }
        #expect(rows.count == 3)
        #expect(
            rows[0].hasPrefix("*") && rows[0].contains("host-1") && rows[0].contains("secure https://127.0.0.1:6441"))
        #expect(rows[2].contains("host-2") && rows[2].contains("103"))
        #expect(
            text.contains { $0.contains("http://127.0.0.1:2379") && $0.contains("leader") && $0.contains("3.4.23") })
        #expect(
            text.contains {
                $0.contains("http://127.0.0.1:2579") && $0.contains("down") && $0.contains("Connection refused")
            })

        var alone = ConsoleModel()
        _ = alone.handle(.char("7"))
        let sqlite = Fixtures.render(&alone, Fixtures.data(), 200, 30)
        #expect((0..<30).contains { sqlite.text($0).contains("one master on SQLite") })
    }

    /// Enter on another master attaches to it; on this one, or outside the view, it says why not.
    @Test func enterOnAnotherMasterAttachesToIt() {
        var model = ConsoleModel()
        _ = Fixtures.render(&model, Self.data(), 200, 30)
        #expect(model.handle(.enter) == [])
        #expect(model.flash?.text == "select a master in Masters (7) to attach to it")
        _ = model.handle(.char("7"))
        #expect(model.handle(.enter) == [])
        #expect(model.flash?.text == "apiserver-1aaaaaaaaaaaaaaaaaaaaaaaaa is the master this console shows")
        _ = model.handle(.down)
        #expect(model.handle(.enter) == [.attachMaster(Self.master(2))])
    }

    @Test func theEffectLeavesForTheTargetOrSaysWhyItCannot() {
        let target = AttachTarget.local(socket: "/srv/master-2/console.sock")
        var model = ConsoleModel()
        #expect(
            !EffectRunner(control: RecordingControl(), attachTarget: { _ in .success(target) }).run(
                .attachMaster(Self.master(2)), &model))
        #expect(model.nextTarget?.description == "/srv/master-2/console.sock")
        var refused = ConsoleModel()
        #expect(EffectRunner(control: RecordingControl()).run(.attachMaster(Self.master(2)), &refused))
        #expect(
            refused.flash?.text
                == "cannot attach to apiserver-2aaaaaaaaaaaaaaaaaaaaaaaaa: this console cannot attach elsewhere")
        #expect(refused.nextTarget == nil)
    }

    /// Another master on this host is reached through its socket; elsewhere through its secure port with the
    /// credentials this console came with, if it came in remotely; else the operator is told how.
    @Test func aMasterIsReachedByItsSocketHereOrItsSecurePortElsewhere() throws {
        let dir = NSTemporaryDirectory() + "kc-masters-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = dir + "/console.sock"
        let listener = try Self.listen(socket)
        defer { close(listener) }

        let here = AttachTarget.of(Self.master(2, socket: socket), from: nil, localHost: "host-1")
        #expect((try? here.get())?.description == socket && (try? here.get())?.isLocal == true)

        let remote = try AttachTarget.remote(
            url: "https://127.0.0.1:6441", token: "t0ken", caFile: nil, clientCertificate: nil, clientKey: nil)
        let elsewhere = try AttachTarget.of(Self.master(3, host: "host-2"), from: remote, localHost: "host-1").get()
        #expect(
            elsewhere.description == "https://127.0.0.1:6443" && elsewhere.authorization == "Bearer t0ken"
                && !elsewhere.isLocal)

        guard
            case .failure(let why) = AttachTarget.of(
                Self.master(3, host: "host-2"), from: .local(socket: socket), localHost: "host-1")
        else {
            Issue.record("a master elsewhere was reached without credentials")
            return
        }
        #expect(
            why.description
                == "it runs on host-2 without a console socket here: kube-console attach --server https://127.0.0.1:6443 reaches it"
        )
    }

    /// A listening Unix socket at `path` (what a master's console channel is, for `LocalMaster.answers`).
    static func listen(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 4) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return fd
    }
}
