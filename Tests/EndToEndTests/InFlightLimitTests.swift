import CSQLite
import Dispatch
import Foundation
import Testing
import TestSupport

/// `--max-requests-inflight` and `--max-mutating-requests-inflight` on the secure port. A write is made
/// slow honestly: another process holds the store's SQLite write lock, so the server's commit waits (its
/// busy timeout is 5 s) and the create stays in flight until the lock goes.
@Suite("in-flight limits end to end")
struct InFlightLimitTests {
    static let events = "/api/v1/namespaces/default/events"

    @Test func writesBeyondTheLimitGet429AndAWatchUsesNoSlot() throws {
        guard haveSecureClients() else { return }
        let server = try SecureServer([
            "--max-requests-inflight", "1", "--max-mutating-requests-inflight", "1", "--access-log=false",
        ])
        let kubelet = try server.token("kubelet"), viewer = try server.token("viewer"),
            admin = try server.token("admin")

        // A watch is long-running: with one read slot, reads still get through while it is open.
        let watch = try WatchClient(
            port: server.port, path: Self.events + "?watch=1", token: viewer, caFile: server.caFile)
        defer { watch.stop() }
        #expect(watch.waitForStatus() == 200)
        #expect(try server.curl(Self.events, bearer: viewer).status == 200)
        #expect(try server.curl(Self.events, bearer: viewer).status == 200)

        let lock = try SQLiteWriteLock(path: server.dataDir + "/store/store.sqlite")
        let first = DispatchGroup()
        nonisolated(unsafe) var firstReply: Reply?
        first.enter()
        DispatchQueue.global().async {
            firstReply = try? server.curl(
                Self.events, bearer: kubelet, method: "POST", headers: ["Content-Type: application/json"],
                extra: ["--data", Self.event("held")])
            first.leave()
        }
        #expect(
            eventually(timeout: 10) {
                (try? server.metrics().contains(
                    #"kube_console_inflight_requests{port="secure",request_kind="mutating"} 1"#)) == true
            },
            "the first create never got stuck behind the lock: \(String(describing: firstReply))")

        let refused = try server.curl(
            Self.events, bearer: kubelet, method: "POST", headers: ["Content-Type: application/json"],
            extra: ["--data", Self.event("refused")])
        #expect(refused.status == 429)
        #expect(refused.headers["retry-after"] == "1")
        #expect(refused.body == "Too many requests, please try again later.\n")
        #expect(refused.headers["content-type"] == "text/plain; charset=utf-8")
        // Reads have their own slots.
        #expect(try server.curl(Self.events, bearer: viewer).status == 200)

        // system:masters always get an answer (kube's exemption). A dry run is a create all the same (it
        // takes a mutating slot) but stores nothing, so it is answered while the lock is held.
        func dryRun(_ token: String, _ name: String) throws -> Reply {
            try server.curl(
                Self.events + "?dryRun=All", bearer: token, method: "POST", headers: ["Content-Type: application/json"],
                extra: ["--data", Self.event(name)])
        }
        #expect(try dryRun(kubelet, "dry-kubelet").status == 429)
        #expect(try dryRun(admin, "dry-admin").status == 201)
        lock.release()
        #expect(first.wait(timeout: .now() + 20) == .success)
        #expect(firstReply?.status == 201, "\(String(describing: firstReply))")
        #expect(
            try server.metrics().contains(
                #"kube_console_inflight_rejections_total{port="secure",request_kind="mutating"} 2"#))
        // The slot came back.
        #expect(
            try server.curl(
                Self.events, bearer: kubelet, method: "POST", headers: ["Content-Type: application/json"],
                extra: ["--data", Self.event("after")]
            ).status == 201)
    }

    static func event(_ name: String) -> String {
        #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"\#(name)"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"Test","message":"in flight"}"#
    }
}

/// Another connection's write transaction on a SQLite database: the server's writer waits for it.
final class SQLiteWriteLock {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK,
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK
        else {
            let why = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw HarnessError("cannot take the write lock of \(path): \(why)")
        }
    }

    func release() {
        guard let db else { return }
        sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
        sqlite3_close(db)
        self.db = nil
    }

    deinit { release() }
}
