import Dispatch
import Foundation
import Synchronization
import Testing
import HTTP
import TestSupport
import Threads
@testable import Storage

/// A micro-benchmark, not a test: 64 clients each issuing its next create when the last is
/// acknowledged. Run in release with KC_STORE_BENCH=1 (see the report in the issue). On etcd, compare
/// with `directTransactionsPerSecondWith64Clients`: the same transactions sent straight to the gateway.
@Suite struct ThroughputCheck {
    @Test(
        .enabled(if: ProcessInfo.processInfo.environment["KC_STORE_BENCH"] != nil), .serialized,
        arguments: StoreKind.available)
    func createsPerSecondWith64ConcurrentClients(_ kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let store = f.store
        let clients = 64, seconds = 3.0
        let completed = Atomic<Int>(0), failed = Atomic<Int>(0), running = Atomic<Bool>(true)
        let finished = DispatchGroup()
        let body = Array(repeating: UInt8(ascii: "x"), count: 1_500)  // about a pod's size

        @Sendable func issue(_ client: Int, _ n: Int) {
            guard running.load(ordering: .relaxed) else { finished.leave(); return }
            let name = "p-\(client)-\(n)"
            store.create(
                podKey(name), uid: name,
                ObjectDraft(labels: ["app": "bench"], fields: ["spec.nodeName": ""]) { revision in
                    body + Array(String(revision).utf8)
                }
            ) { result in
                if case .failure = result {
                    failed.add(1, ordering: .relaxed)
                } else {
                    completed.add(1, ordering: .relaxed)
                }
                issue(client, n + 1)
            }
        }

        let start = DispatchTime.now()
        for client in 0..<clients {
            finished.enter()
            issue(client, 0)
        }
        // The measurement window itself (a benchmark's duration, not synchronisation).
        _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(Int(seconds * 1000)))
        running.store(false, ordering: .relaxed)
        finished.wait()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let rate = Double(completed.load(ordering: .relaxed)) / elapsed
        if kind == .sqlite {
            let stats = f.sqlite.statistics
            print(
                "\(kind): creates/s with \(clients) clients: \(Int(rate)) (\(stats.writes) writes in \(stats.transactions) transactions, "
                    + "largest group \(stats.largestBatch), \(failed.load(ordering: .relaxed)) failed)")
        } else {
            print(
                "\(kind): creates/s with \(clients) clients: \(Int(rate)) (\(failed.load(ordering: .relaxed)) failed)")
        }
        #expect(failed.load(ordering: .relaxed) == 0)
    }

    /// The ceiling for the etcd store: 64 threads each sending its next create transaction (the store's,
    /// with a pod-sized value) straight to the gateway with the same HTTP client, for 3 seconds.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KC_STORE_BENCH"] != nil && EtcdProcess.isInstalled))
    func directTransactionsPerSecondWith64Clients() throws {
        let etcd = try EtcdProcess.shared
        let client = EtcdClient(
            origins: [try HTTPOrigin(parsing: etcd.url, defaultPort: 2379)], tls: nil, maxConnectionsPerEndpoint: 66,
            connectTimeout: .seconds(2), requestTimeout: .seconds(10))
        let prefix = "/direct-\(UUID().uuidString.prefix(8))/"
        let value = Array(repeating: UInt8(ascii: "x"), count: 1_500)
        let completed = Atomic<Int>(0), failed = Atomic<Int>(0), running = Atomic<Bool>(true)
        let start = DispatchTime.now()
        let threads = (0..<64).map { t in
            try! JoinableThread {
                var n = 0
                while running.load(ordering: .relaxed) {
                    let key = Array("\(prefix)\(t)-\(n)".utf8)
                    n += 1
                    let txn = EtcdTxn(
                        compare: [.init(key: key, target: .create, equals: 0)],
                        success: [.put(key: key, value: value, lease: 0)], failure: [])
                    if (try? client.txn(txn))?.succeeded == true {
                        completed.add(1, ordering: .relaxed)
                    } else {
                        failed.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        // The measurement window itself (a benchmark's duration, not synchronisation).
        _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .seconds(3))
        running.store(false, ordering: .relaxed)
        for thread in threads { thread.join() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        print(
            "etcd gateway directly: txns/s with 64 clients: \(Int(Double(completed.load(ordering: .relaxed)) / elapsed)) "
                + "(\(failed.load(ordering: .relaxed)) failed)")
        #expect(failed.load(ordering: .relaxed) == 0)
    }

    /// 1,000 watchers; for each of 200 sequential creates, the time from its acknowledgement to the
    /// last watcher draining it (consumers drain inside their wake-up, so this includes the fan-out).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KC_STORE_BENCH"] != nil))
    func fanOutLatencyTo1000Watchers() throws {
        let f = try StoreFixture()
        let watchers = 1_000, writes = 200
        let lastSeen = Mutex<[Int64: (count: Int, at: UInt64)]>([:])
        var all: [Watcher] = []
        for _ in 0..<watchers {
            let box = WatcherSlot()
            let watcher = try f.store.watch(WatchRequest(resource: "pods")) {
                guard let w = box.watcher.withLock({ $0 }) else { return }
                let batch = w.drain()
                let now = DispatchTime.now().uptimeNanoseconds
                lastSeen.withLock { seen in
                    for event in batch.events {
                        seen[event.revision, default: (0, 0)].count += 1; seen[event.revision]!.at = now
                    }
                }
            }
            box.watcher.withLock { $0 = watcher }
            all.append(watcher)
        }
        var acknowledged: [Int64: UInt64] = [:]
        for i in 0..<writes {
            let object = try f.store.create(podKey("p\(i)"), uid: "\(i)", pod("p\(i)"))
            acknowledged[object.modRevision] = DispatchTime.now().uptimeNanoseconds
        }
        // Every watcher has seen every acknowledged revision (or the deadline passed).
        eventually(timeout: 10) {
            lastSeen.withLock { seen in acknowledged.keys.allSatisfy { seen[$0]?.count == watchers } }
        }
        let seen = lastSeen.withLock { $0 }
        var latencies = acknowledged.map { revision, ack -> Double in
            guard let s = seen[revision], s.count == watchers else { return .infinity }
            return Double(s.at > ack ? s.at - ack : 0) / 1e6
        }.sorted()
        let p50 = latencies[latencies.count / 2], p99 = latencies[latencies.count * 99 / 100]
        print("fan-out to \(watchers) watchers: p50 \(p50) ms, p99 \(p99) ms, max \(latencies.removeLast()) ms")
        #expect(p99 < 50)
        for watcher in all { watcher.cancel() }
    }
}

final class WatcherSlot: Sendable {
    let watcher = Mutex<Watcher?>(nil)
}
