#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Threads

/// One line per request on a file descriptor (stdout for `serve`). Lines are buffered per I/O loop and
/// written by a background thread a few times a second, so logging never blocks a loop on a slow pipe.
public final class AccessLog: Sendable {
    /// How often buffered lines are written.
    public static let flushInterval: Duration = .milliseconds(100)
    /// Buffered bytes per loop beyond which lines are dropped (and counted) rather than held.
    public static let maxBufferedBytes = 4 * 1024 * 1024

    private let fd: Int32
    private let buffers: [Guarded<[UInt8]>]
    private let dropped = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let flusher = Mutex<JoinableThread?>(nil)

    public init(fd: Int32 = 1, shards: Int) {
        self.fd = fd
        buffers = (0..<max(1, shards)).map { _ in Guarded([]) }
    }

    /// Starts the background writer.
    public func start() throws(ThreadStartError) {
        let thread = try JoinableThread { [self] in run() }
        flusher.withLock { $0 = thread }
    }

    /// Writes what is buffered and stops the background thread.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        flusher.withLock { $0.take() }?.join()
        flush()
    }

    public var droppedLines: Int { dropped.load(ordering: .relaxed) }

    public func log(_ event: RequestEvent, shard: Int) {
        let line = Self.format(event)
        buffers[shard % buffers.count].withLock { buffer in
            if buffer.count + line.utf8.count > Self.maxBufferedBytes {
                dropped.wrappingAdd(1, ordering: .relaxed)
            } else {
                buffer.append(contentsOf: line.utf8)
            }
        }
    }

    /// `2026-11-29T03:25:57.123Z localhost 127.0.0.1 - "GET /version" 200 245B 0.118ms`
    static func format(_ e: RequestEvent) -> String {
        let ms = Double(e.latencyNanoseconds) / 1e6
        let latency = ms < 10 ? String(Double(Int(ms * 1000)) / 1000) : String(Int(ms))
        return
            "\(timestamp(e.time)) \(e.port.name) \(e.client) \(e.user ?? "-") \"\(e.method) \(e.path)\" \(e.status) \(e.bytes)B \(latency)ms\n"
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp(_ nanos: Int64) -> String {
        var t = time_t(nanos / 1_000_000_000)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let millis = Int32((nanos / 1_000_000) % 1000)
        return
            "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }

    private func run() {
        let interval = UInt32(Self.flushInterval.components.attoseconds / 1_000_000_000_000)
        while !stopped.load(ordering: .acquiring) {
            usleep(interval)
            flush()
        }
    }

    public func flush() {
        for buffer in buffers {
            let bytes = buffer.withLock { b -> [UInt8] in
                let taken = b
                b.removeAll(keepingCapacity: true)
                return taken
            }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
                if n <= 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
    }
}
