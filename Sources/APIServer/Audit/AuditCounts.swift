/// What became of the audit events: written, dropped because the queue was full, lost to failed writes.
public struct AuditCounts: Sendable, Equatable {
    public var written: Int
    public var dropped: Int
    public var failed: Int

    public init(written: Int = 0, dropped: Int = 0, failed: Int = 0) {
        self.written = written
        self.dropped = dropped
        self.failed = failed
    }

    init(_ counts: (written: Int, dropped: Int, failed: Int)) {
        self.init(written: counts.written, dropped: counts.dropped, failed: counts.failed)
    }
}
