#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// Says, at most once a second, that a port stopped accepting for lack of descriptors. The loops call it
/// as they pause; the count of every pause is in /metrics and on the console.
struct DescriptorShortageReport: Sendable {
    static let interval: Duration = .seconds(1)

    let log: ServerLog
    let throttle = Throttle(interval: DescriptorShortageReport.interval)

    /// `listener`: what stops accepting, as the message names it (`the secure port`).
    func handler(for listener: String) -> @Sendable (Int32, Duration) -> Void {
        let log = log, throttle = throttle
        return { code, pause in
            guard throttle.admit(now: monotonicNanoseconds()) else { return }
            let why = code == ENFILE ? "the system is out of file descriptors" : "out of file descriptors"
            log.say(
                "\(why) (\(String(cString: strerror(code)))): \(listener) stops accepting for \(Flags.formatDuration(pause)); open connections are still served (--max-connections-per-port, ulimit -n)"
            )
        }
    }
}
