/// Where a stream's producer is woken to run (`LoopTask`): straight onto its connection's loop, or through
/// a sink without one. Taken once from the stream (`HTTPStream.scheduler`) by a producer woken from
/// another thread: a watch's fan-out wakes 10,000 sessions per write, and each wake-up through the stream
/// would first load the stream and its connection (two cache misses per watcher) to find the same loop.
public struct StreamScheduler: Sendable {
    private enum Target: Sendable {
        case loop(EventLoop)
        case sink(any HTTPStreamSink)
    }

    private let target: Target

    init(loop: EventLoop) { target = .loop(loop) }

    init(sink: any HTTPStreamSink) { target = .sink(sink) }

    /// The loop's identity when the stream has one (the same loop, the same identity), nil for a sink
    /// without a loop: a producer may serve all of one loop's streams together.
    public var loopIdentity: ObjectIdentifier? {
        if case .loop(let loop) = target { return ObjectIdentifier(loop) }
        return nil
    }

    /// Runs `task.runOnLoop()` where the stream's writes go, as `HTTPStream.schedule` does.
    public func schedule(_ task: any LoopTask) {
        switch target {
        case .loop(let loop): loop.schedule(task)
        case .sink(let sink): sink.schedule(task)
        }
    }
}
