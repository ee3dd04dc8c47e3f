import Dispatch

@testable import HTTP

extension HTTPServer {
    /// Runs `work` while every loop is held in a job, then lets them go: whatever `work` sends meanwhile is
    /// waiting when the loops next look, and arrives in one batch of events.
    func whileLoopsHeld<Result>(_ work: () throws -> Result) rethrows -> Result {
        let held = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        for loop in loops {
            loop.execute {
                held.signal()
                release.wait()
            }
        }
        for _ in loops { held.wait() }
        defer { for _ in loops { release.signal() } }
        return try work()
    }
}
