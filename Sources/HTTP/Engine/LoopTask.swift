/// Work another thread asks a loop to do, scheduled with `EventLoop.schedule` (for a stream:
/// `HTTPStream.schedule`): the loop runs scheduled tasks a slice per turn, and scheduling costs an append
/// under one lock, not a closure and a queued job each, so one write woken to 10,000 watches is one
/// eventfd write and one pass over them on the loop.
public protocol LoopTask: AnyObject, Sendable {
    /// Runs on the loop's thread.
    func runOnLoop()
}
