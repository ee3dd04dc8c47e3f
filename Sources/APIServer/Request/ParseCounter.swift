#if DEBUG
import Synchronization

/// Counts `RequestAttributes.from` calls made while a test holds one as `ParseCounter.current` (debug
/// builds only; release builds have no hook). It is how a test shows that a request's path is parsed once,
/// whichever port and filters it crosses.
final class ParseCounter: Sendable {
    @TaskLocal static var current: ParseCounter?

    private let parses = Atomic<Int>(0)

    var count: Int { parses.load(ordering: .relaxed) }

    func parsed() { parses.add(1, ordering: .relaxed) }
}
#endif
