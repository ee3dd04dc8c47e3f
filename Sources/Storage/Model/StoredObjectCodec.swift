/// What a store shared with other processes (etcd) must know of the objects' format, which Storage does
/// not: the API server supplies it. Objects written through this process come with their metadata (the
/// draft); objects written elsewhere (another master, or before this one started) arrive as bytes.
public protocol StoredObjectCodec: Sendable {
    /// The bytes to keep for a new version: the object without a resourceVersion, since the store's
    /// revision at the write is the version (kube-apiserver keeps it out of etcd too). Runs before the
    /// write is sent, on a store thread.
    func storageBytes(_ draft: ObjectDraft) -> [UInt8]

    /// An object as kept in the store, with its metadata and final bytes (`modRevision` as its
    /// resourceVersion); nil when the bytes are not an object (it is then treated as absent).
    func decode(_ key: ObjectKey, _ stored: [UInt8], createRevision: Int64, modRevision: Int64) -> StoredObject?

    /// What watchers see of an object another process deleted at `revision`.
    func tombstone(_ deleted: StoredObject, revision: Int64) -> [UInt8]
}
