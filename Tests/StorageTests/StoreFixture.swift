import Dispatch
import Foundation
import TestSupport
import Threads
@testable import Storage

/// A fresh store of one kind, closed and cleaned up when released: SQLite in a new directory under /tmp,
/// or an etcd store on the shared test etcd under a key prefix of its own.
final class StoreFixture: @unchecked Sendable {
    let kind: StoreKind
    let window: Int
    /// SQLite's data directory.
    let directory: String
    /// etcd's key prefix (one per fixture, so tests on the shared etcd never see each other's objects).
    let prefix = "/test-\(UUID().uuidString.prefix(8))"
    private(set) var store: any Store

    init(_ kind: StoreKind = .sqlite, window: Int = SQLiteStore.defaultHistoryWindow) throws {
        self.kind = kind
        self.window = window
        var template = Array("/tmp/kc-store-XXXXXX".utf8CString)
        directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        store = try Self.open(kind, directory: directory, prefix: prefix, window: window)
    }

    private static func open(_ kind: StoreKind, directory: String, prefix: String, window: Int) throws -> any Store {
        switch kind {
        case .sqlite: return try SQLiteStore(directory: directory, options: .init(historyWindow: window))
        case .etcd:
            return try EtcdStore(
                options: etcdOptions(try EtcdProcess.shared.url, prefix: prefix, window: window),
                codec: TestObjectCodec())
        }
    }

    /// Test settings: no compaction timer (tests compact when they mean to).
    static func etcdOptions(_ url: String, prefix: String, window: Int = SQLiteStore.defaultHistoryWindow)
        -> EtcdStore.Options
    {
        EtcdStore.Options(endpoints: [url], prefix: prefix, compactionInterval: .zero, historyWindow: window)
    }

    /// Closes the store and opens a new one on the same data: a restart.
    func reopen() throws {
        store.close()
        store = try another()
    }

    /// A second store on the same data while the first is open (another master, for etcd).
    func another() throws -> any Store { try Self.open(kind, directory: directory, prefix: prefix, window: window) }

    var sqlite: SQLiteStore { store as! SQLiteStore }
    var etcd: EtcdStore { store as! EtcdStore }

    /// Registered watchers, and those cut off for being too slow.
    var watchers: (count: Int, cutOff: Int) {
        switch store {
        case let s as SQLiteStore: return (s.statistics.watchers, s.statistics.watchersCutOff)
        case let s as EtcdStore: return (s.status.watchers, s.status.watchersCutOff)
        default: return (0, 0)
        }
    }

    /// Rows in the history table, read through a connection of our own.
    func historyRows() throws -> [(revision: Int64, name: String, deleted: Bool)] {
        let db = try SQLiteConnection(path: sqlite.path, readOnly: true)
        let rows = try db.prepare("SELECT revision, name, deleted FROM history ORDER BY revision")
        var out: [(Int64, String, Bool)] = []
        while try rows.step() { out.append((rows.int64(0), rows.text(1), rows.int64(2) != 0)) }
        return out
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

func podKey(_ name: String, namespace: String = "default") -> ObjectKey {
    ObjectKey(resource: "pods", namespace: namespace, name: name)
}

/// A pod-like JSON document whose resourceVersion is spliced in at commit, as the REST layer will do.
/// `uid` goes into the document too (a store on etcd reads it back from there).
func pod(
    _ name: String, namespace: String = "default", uid: String = "", labels: [String: String] = [:], node: String = "",
    phase: String = "Pending", note: String = ""
) -> ObjectDraft {
    let labelJSON = labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
    let head =
        #"{"kind":"Pod","metadata":{"name":"\#(name)","namespace":"\#(namespace)","uid":"\#(uid)","labels":{\#(labelJSON)},"resourceVersion":""#
    let tail = #""},"spec":{"nodeName":"\#(node)"},"status":{"phase":"\#(phase)"},"note":"\#(note)"}"#
    return ObjectDraft(labels: labels, fields: ["spec.nodeName": node, "status.phase": phase]) { revision in
        Array(head.utf8) + Array(String(revision).utf8) + Array(tail.utf8)
    }
}

/// A cluster-scoped object with labels in its document.
func node(_ name: String, labels: [String: String] = [:]) -> ObjectDraft {
    let labelJSON = labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
    return ObjectDraft(labels: labels) { revision in
        Array(
            #"{"kind":"Node","metadata":{"name":"\#(name)","labels":{\#(labelJSON)},"resourceVersion":"\#(revision)"}}"#
                .utf8)
    }
}

/// The document's own fields, parsed back.
func document(_ object: StoredObject) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(object.value))) as? [String: Any] ?? [:]
}

func embeddedResourceVersion(_ object: StoredObject) -> String? {
    (document(object)["metadata"] as? [String: Any])?["resourceVersion"] as? String
}

func note(_ object: StoredObject) -> String? { document(object)["note"] as? String }

extension Watcher {
    /// Drains until `count` events arrived or the watch ended or `timeout` passed.
    func collect(_ count: Int, timeoutMilliseconds: Int = 5_000) -> (events: [WatchEvent], end: WatchEnd?) {
        var events: [WatchEvent] = []
        let deadline = DispatchTime.now() + .milliseconds(timeoutMilliseconds)
        while events.count < count, DispatchTime.now() < deadline {
            let batch = next(timeoutMilliseconds: 50)
            events += batch.events
            if let end = batch.end { return (events, end) }
        }
        return (events, nil)
    }
}

func summary(_ events: [WatchEvent]) -> [String] {
    events.map { "\($0.type.rawValue) \($0.object.key.name)@\($0.revision)" }
}

/// Runs `body(i)` for i in 0..<count, each on a thread of its own (so `count` blocking writes are in
/// flight at once, whatever the CPU count), and waits for all.
func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let threads = (0..<count).map { i in try! JoinableThread { body(i) } }  // a test cannot go on without its threads
    for thread in threads { thread.join() }
}
