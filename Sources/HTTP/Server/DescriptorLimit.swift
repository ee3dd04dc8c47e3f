#if canImport(Glibc)
import Glibc
#endif

/// The process's file-descriptor limit (RLIMIT_NOFILE). Every connection is a descriptor, so this number,
/// not memory, is usually what a flood of idle connections exhausts first.
public struct DescriptorLimit: Sendable, Equatable {
    /// The soft limit in force (what `accept` runs into).
    public var soft: Int
    public var hard: Int
    /// The soft limit before `raiseToHard` (equal to `soft` when nothing changed).
    public var previousSoft: Int

    public init(soft: Int, hard: Int, previousSoft: Int) {
        self.soft = soft
        self.hard = hard
        self.previousSoft = previousSoft
    }

    /// The limits as they are now.
    public static func current() -> DescriptorLimit {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            return DescriptorLimit(soft: 1024, hard: 1024, previousSoft: 1024)
        }
        return DescriptorLimit(
            soft: count(limit.rlim_cur), hard: count(limit.rlim_max), previousSoft: count(limit.rlim_cur))
    }

    /// Raises the soft limit to the hard one, as Go's runtime does at start (kube-apiserver gets every
    /// descriptor the administrator allowed, not the 1,024 many shells default to). Child processes
    /// inherit the raised limit; kube-console starts none that would mind.
    @discardableResult
    public static func raiseToHard() -> DescriptorLimit {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return current() }
        let before = count(limit.rlim_cur)
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return DescriptorLimit(soft: count(limit.rlim_cur), hard: count(limit.rlim_max), previousSoft: before)
    }

    /// RLIM_INFINITY (all ones; never the case for descriptors on Linux) reads as Int.max.
    private static func count(_ value: rlim_t) -> Int {
        value > rlim_t(Int.max) ? Int.max : Int(value)
    }
}
