import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The console of a master on etcd, in a real terminal (tmux): the store line names etcd, the Masters
/// view lists both masters of the set and the etcd member, and Enter on the other one attaches to it.
@Suite(
    "console of masters on etcd, under tmux", .enabled(if: EtcdProcess.isInstalled, "needs Debian's etcd-server"),
    .timeLimit(.minutes(2)))
struct MastersConsoleTmuxTests {
    @Test func theMastersViewListsTheMastersAndEnterAttachesToAnother() throws {
        let etcd = try EtcdProcess.shared
        let set = try MasterSet(2, etcd: [etcd.url])
        let (a, b) = (set.servers[0], set.servers[1])
        guard let console = try TmuxSession([ServerProcess.binary.path, "attach", "--data-dir", a.dataDir], width: 200)
        else {
            print("SKIP: tmux not installed"); return
        }
        #expect(console.waitFor("(pid \(a.process.processIdentifier))"))
        let host = "127.0.0.1:\(etcd.clientPort)"
        #expect(console.waitFor("store etcd 1/1 up, leader \(host), rev "), "\(console.screen())")

        console.keys("7")
        #expect(console.waitFor("http://\(host)"))
        #expect(
            console.waitFor("store: etcd 1/1 up, leader \(host), rev ")
                && console.screen().contains("prefix \(set.prefix)"))
        let secureB = "secure https://127.0.0.1:\(b.port("secure"))"
        #expect(console.waitFor(secureB), "\(console.screen())")
        let lines = console.screen().split(separator: "\n")
        let rows = lines.filter { $0.contains("apiserver-") }
        #expect(rows.count == 2)
        #expect(lines.contains { $0.contains("http://\(host)") && $0.contains("leader") })
        // The masters are listed by name: go to the row of B (not starred: A's console shows A).
        let rowOfB = try #require(rows.firstIndex { $0.contains(secureB) })
        #expect(!rows[rowOfB].hasPrefix("*") && rows[1 - rowOfB].hasPrefix("*"))
        console.keys("g")
        if rowOfB == 1 { console.keys("j") }
        console.keys("Enter")
        #expect(console.waitFor("(pid \(b.process.processIdentifier))"), "\(console.screen())")
        #expect(console.screen().contains("attached to"))
        // q there detaches for good (the console was attached, not embedded): both masters serve on.
        console.keys("q")
        #expect(console.waitFor("Detach?"))
        console.keys("y")
        #expect(console.waitFor("EXIT=0"))
        #expect(a.process.isRunning && b.process.isRunning)
    }
}
