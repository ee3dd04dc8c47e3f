/// What a compare-and-swap did.
public enum EtcdPutOutcome: Sendable, Equatable {
    /// The value is stored, at this revision.
    case written(revision: Int64)
    /// The key had moved on (another master wrote it first): nothing was written; this is what it holds now.
    case moved(current: EtcdEntry?)
}
