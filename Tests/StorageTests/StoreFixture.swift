import Dispatch
import Foundation
@testable import Storage

/// A fresh data directory under /tmp and a store opened in it; closed and removed when released.
final class StoreFixture: @unchecked Sendable {
    let directory: String
    let window: Int
    private(set) var store: SQLiteStore

    init(window: Int = SQLiteStore.defaultHistoryWindow) throws {
        var template = Array("/tmp/kc-store-XXXXXX".utf8CString)
        directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        self.window = window
        store = try SQLiteStore(directory: directory, options: .init(historyWindow: window))
    }

    /// Closes the store and opens a new one on the same directory: a restart.
    func reopen() throws {
        store.close()
        store = try SQLiteStore(directory: directory, options: .init(historyWindow: window))
    }

    /// Rows in the history table, read through a connection of our own.
    func historyRows() throws -> [(revision: Int64, name: String, deleted: Bool)] {
        let db = try SQLiteConnection(path: store.path, readOnly: true)
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
func pod(_ name: String, namespace: String = "default", labels: [String: String] = [:], node: String = "",
         phase: String = "Pending", note: String = "") -> ObjectDraft {
    let labelJSON = labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
    let head = #"{"kind":"Pod","metadata":{"name":"\#(name)","namespace":"\#(namespace)","labels":{\#(labelJSON)},"resourceVersion":""#
    let tail = #""},"spec":{"nodeName":"\#(node)"},"status":{"phase":"\#(phase)"},"note":"\#(note)"}"#
    return ObjectDraft(labels: labels, fields: ["spec.nodeName": node, "status.phase": phase]) { revision in
        Array(head.utf8) + Array(String(revision).utf8) + Array(tail.utf8)
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

/// Runs `body(i)` for i in 0..<count on concurrent threads and waits for all.
func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}
