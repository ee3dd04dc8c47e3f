import Glibc
import Storage
import Synchronization

/// Applies that changed nothing, remembered per object. An apply is a function of the object's version,
/// the configuration's bytes and the request's options, so the same bytes applied again by the same manager
/// to the same version change nothing again: answered from the store, with nothing parsed or merged.
/// Controllers, GitOps tools and pipelines apply unchanged manifests over and over; any write to the
/// object gives it a new version, which no entry matches.
final class UnchangedApplies: Sendable {
    /// What made the apply: entries match on all of it.
    struct Apply: Equatable {
        var revision: Int64
        var subresource: String
        var manager: String
        var force: Bool
        var fieldValidation: String
        var body: [UInt8]

        static func == (a: Apply, b: Apply) -> Bool {
            a.revision == b.revision && a.subresource == b.subresource && a.manager == b.manager
                && a.force == b.force && a.fieldValidation == b.fieldValidation
                && a.body.withUnsafeBytes { x in
                    b.body.withUnsafeBytes { y in
                        x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
                    }
                }
        }
    }

    private struct Entry {
        var apply: Apply
        /// The answer's Warning headers.
        var warnings: [String]
    }

    private struct State {
        var entries: [ObjectKey: Entry] = [:]
        var bytes = 0
    }

    /// Entries kept at most: a full memo starts over (a few thousand re-applied objects fit).
    static let maxEntries = 4096
    /// Configuration bytes kept at most, all entries together; a larger configuration is not remembered.
    static let maxBytes = 16 << 20
    static let maxBodyBytes = 256 << 10

    private let state = Mutex(State())

    /// The warnings of the remembered unchanged apply that `apply` repeats; nil when it repeats none.
    func warnings(repeating apply: Apply, of key: ObjectKey) -> [String]? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.apply == apply else { return nil }
            return entry.warnings
        }
    }

    /// Remembers that `apply` left the object at `key` as it was.
    func remember(_ apply: Apply, of key: ObjectKey, warnings: [String]) {
        guard apply.body.count <= Self.maxBodyBytes else { return }
        state.withLock { state in
            if let old = state.entries[key] { state.bytes -= old.apply.body.count }
            if state.entries.count >= Self.maxEntries || state.bytes + apply.body.count > Self.maxBytes {
                state = State()
            }
            state.entries[key] = Entry(apply: apply, warnings: warnings)
            state.bytes += apply.body.count
        }
    }
}
