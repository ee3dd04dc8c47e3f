/// A snapshot (everything, and the newest log rows) or a delta (the sections that moved, and the rows
/// recorded since the previous frame).
public struct ConsoleUpdate: Sendable, Equatable {
    public var isSnapshot: Bool
    public var sections: ConsoleSections
    /// The sections' values; `state.recent` and `state.authFailures` hold the frame's rows.
    public var state: ConsoleData
    /// Rows recorded since the previous frame and not carried (beyond a frame's share).
    public var skippedRequests: Int
    public var skippedAuthFailures: Int

    public init(
        isSnapshot: Bool, sections: ConsoleSections, state: ConsoleData, skippedRequests: Int = 0,
        skippedAuthFailures: Int = 0
    ) {
        self.isSnapshot = isSnapshot
        self.sections = isSnapshot ? .all : sections
        self.state = state
        self.skippedRequests = skippedRequests
        self.skippedAuthFailures = skippedAuthFailures
    }
}
