/// One committed write as the history window keeps it: the new version and the one it replaced. The
/// previous version lets a selector-filtered watch turn "stopped matching" into DELETED and "started
/// matching" into ADDED (as kube-apiserver's watch cache does), and lets a list rewind to an older
/// revision to serve a consistent continue page.
struct StoreEvent: Sendable {
    enum Kind: Sendable { case added, modified, deleted }

    let kind: Kind
    /// For a deletion: the tombstone, at the deletion's revision, with the last labels and fields.
    let object: StoredObject
    /// The version before this write; nil for a creation.
    let previous: StoredObject?

    var revision: Int64 { object.modRevision }
}
