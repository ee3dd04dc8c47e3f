#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Synchronization
import Threads

/// `--audit-log-path`: audit events written by a thread of their own, never on an I/O loop. Each loop puts
/// its events in its own bounded queue; the writer takes them a few times a second, encodes and writes
/// them. When the queues are full (the disk cannot keep up) events are dropped and counted, and the
/// operator is told at most once per `reportInterval`: a request never waits for the audit log.
public final class AuditLog: Sendable {
    /// Events held across all loops before new ones are dropped (kube's batch buffer holds as many).
    public static let queueCapacity = 10_000
    /// How often the writer takes what the loops queued.
    public static let writeInterval: Duration = .milliseconds(25)
    /// The longest silence about dropped events or failing writes.
    public static let reportInterval: Duration = .seconds(10)
    static let reportIntervalNanoseconds = reportInterval.components.seconds * 1_000_000_000
    /// About how long an event's line is (room reserved for a batch at once).
    static let typicalLineBytes = 640
    /// `--audit-log-maxsize` 0 means this, as in kube-apiserver (lumberjack's default).
    public static let defaultMaxSizeMegabytes = 100

    public struct Settings: Sendable, Equatable {
        /// A file, or "-" for stdout.
        public var path: String
        public var maxSizeMegabytes: Int
        public var maxBackups: Int
        public var maxAgeDays: Int
        public init(path: String, maxSizeMegabytes: Int = 0, maxBackups: Int = 0, maxAgeDays: Int = 0) {
            self.path = path
            self.maxSizeMegabytes = maxSizeMegabytes
            self.maxBackups = maxBackups
            self.maxAgeDays = maxAgeDays
        }
    }

    public let settings: Settings
    public let policy: AuditPolicy
    private let queues: [Guarded<[AuditRecord]>]
    private let perQueue: Int
    private let file: AuditLogFile?
    private let log: ServerLog
    private let written = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)
    private let failedWrites = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let writer = Mutex<JoinableThread?>(nil)
    /// Why the last write failed (for the report).
    private let lastError = Mutex<String?>(nil)

    /// Opens (or creates, 0600) the file now, so a bad path stops the server at start.
    public init(settings: Settings, policy: AuditPolicy, shards: Int, log: ServerLog) throws(AuditLogError) {
        self.settings = settings
        self.policy = policy
        self.log = log
        let n = max(1, shards)
        queues = (0..<n).map { _ in Guarded([]) }
        perQueue = max(1, Self.queueCapacity / n)
        if settings.path == "-" {
            file = nil
        } else {
            let megabytes = settings.maxSizeMegabytes > 0 ? settings.maxSizeMegabytes : Self.defaultMaxSizeMegabytes
            file = try AuditLogFile(
                path: settings.path, maxBytes: megabytes * 1024 * 1024, maxBackups: settings.maxBackups,
                maxAgeDays: settings.maxAgeDays)
        }
    }

    public func start() throws(ThreadStartError) {
        let thread = try JoinableThread { [self] in run() }
        writer.withLock { $0 = thread }
    }

    /// Writes what is queued and stops the writer.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        writer.withLock { $0.take() }?.join()
        var state = WriterState()
        drain(&state)
    }

    /// Events written, dropped because the queues were full, and lost to failed writes.
    public var counts: (written: Int, dropped: Int, failed: Int) {
        (written.load(ordering: .relaxed), dropped.load(ordering: .relaxed), failedWrites.load(ordering: .relaxed))
    }

    /// Queues an event (I/O loop); drops it when this loop's queue is full.
    func record(_ event: AuditRecord, shard: Int) {
        let kept = queues[shard % queues.count].withLock { queue -> Bool in
            guard queue.count < perQueue else { return false }
            queue.append(event)
            return true
        }
        if !kept { dropped.wrappingAdd(1, ordering: .relaxed) }
    }

    /// The writer thread's own state: the encoder's time cache, random bytes for ids, what was reported.
    private struct WriterState {
        var encoder = AuditEventEncoder()
        var random: [UInt8] = []
        var lines: [UInt8] = []
        var lineEnds: [Int] = []
        var reportedDrops = 0
        var reportedFailures = 0
        var lastReport: Int64 = .min

        var nextRandom = 0

        /// 16 random bytes from a pool drawn 4 KB at a time (a slice: no copy).
        mutating func auditID() -> ArraySlice<UInt8> {
            if nextRandom + 16 > random.count {
                random = SecureRandom.bytes(4096) ?? (0..<4096).map { _ in UInt8.random(in: 0...255) }
                nextRandom = 0
            }
            defer { nextRandom += 16 }
            return random[nextRandom..<nextRandom + 16]
        }
    }

    private func run() {
        let interval = UInt32(Self.writeInterval.components.attoseconds / 1_000_000_000_000)
        var state = WriterState()
        while !stopped.load(ordering: .acquiring) {
            usleep(interval)
            drain(&state)
            report(&state)
        }
    }

    private func drain(_ state: inout WriterState) {
        for queue in queues {
            let batch = queue.withLock { q -> [AuditRecord] in
                let taken = q
                q.removeAll(keepingCapacity: true)
                return taken
            }
            guard !batch.isEmpty else { continue }
            state.lines.removeAll(keepingCapacity: true)
            state.lineEnds.removeAll(keepingCapacity: true)
            state.lines.reserveCapacity(batch.count * Self.typicalLineBytes)
            // Each record read in place: a copy of one retains and releases every string it holds.
            batch.withUnsafeBufferPointer { events in
                for i in events.indices {
                    let id: ArraySlice<UInt8>
                    if let shared = events[i].auditID { id = shared[...] } else { id = state.auditID() }
                    state.encoder.encode(events[i], auditID: id, into: &state.lines)
                    state.lineEnds.append(state.lines.count)
                }
            }
            do {
                if let file {
                    try file.write(state.lines, lineEnds: state.lineEnds)
                } else {
                    try Self.writeAll(state.lines, to: 1)
                }
                written.wrappingAdd(batch.count, ordering: .relaxed)
            } catch {
                failedWrites.wrappingAdd(batch.count, ordering: .relaxed)
                lastError.withLock { $0 = error.description }
            }
        }
    }

    /// Says what was lost since the last report, at most once per interval.
    private func report(_ state: inout WriterState) {
        let (_, drops, failures) = counts
        guard drops > state.reportedDrops || failures > state.reportedFailures else { return }
        let now = monotonicNanoseconds()
        guard state.lastReport == .min || now - state.lastReport >= Self.reportIntervalNanoseconds else { return }
        if drops > state.reportedDrops {
            log.say(
                "audit: \(drops - state.reportedDrops) events dropped: the audit log (\(settings.path)) cannot keep up with the requests (\(Self.queueCapacity) events queued); requests are not held back"
            )
        }
        if failures > state.reportedFailures, let why = lastError.withLock({ $0 }) {
            log.say("audit: \(failures - state.reportedFailures) events lost: \(why)")
        }
        state.reportedDrops = drops
        state.reportedFailures = failures
        state.lastReport = now
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(AuditLogError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditLogError(path: "-", operation: "write", errno: errno)
            }
            offset += n
        }
    }
}
