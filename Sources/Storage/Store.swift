/// The object store the REST layer sits on. Objects are opaque serialized documents plus the metadata
/// the store must understand (key, uid, labels, selector fields). One global, monotonic revision numbers
/// every write and is every object's (and list's) resourceVersion.
///
/// Reads (`get`, `list`, `watch` registration) are served from memory and never wait for the disk.
/// Writes are asynchronous: the completion runs once the write is durable (or refused), on the store's
/// writer thread; the blocking forms below wait for it.
public protocol Store: Sendable {
    /// The revision of the latest committed write.
    var revision: Int64 { get }

    func get(_ key: ObjectKey) -> StoredObject?

    func list(_ request: ListRequest) throws(StoreError) -> ListResult

    /// Refused with `.alreadyExists` when the key holds an object.
    func create(_ key: ObjectKey, uid: String, _ draft: ObjectDraft, completion: @escaping WriteCompletion)

    /// Replaces the object (its uid and createRevision stay). `.notFound`; `.conflict` when a precondition
    /// fails. For a read-modify-write, read, transform, then update with `revision:` the version read,
    /// retrying on `.conflict` (kube-apiserver's GuaranteedUpdate).
    func update(
        _ key: ObjectKey, _ draft: ObjectDraft, preconditions: Preconditions, completion: @escaping WriteCompletion)

    /// Deletes the object; the completion gets the tombstone (the object at the deletion's revision,
    /// with bytes from `tombstone`, or the last bytes when nil). `.notFound`; `.conflict`.
    func delete(
        _ key: ObjectKey, preconditions: Preconditions, tombstone: TombstoneEncoder?,
        completion: @escaping WriteCompletion)

    /// Registers a watch. `onReady` is called (from a store thread, possibly before this returns) when
    /// the watcher has something to drain; it must not block. `.tooOldResourceVersion` when
    /// `.after(revision)` is older than the history window.
    func watch(_ request: WatchRequest, onReady: @escaping @Sendable () -> Void) throws(StoreError) -> Watcher

    /// Registers a watch whose consumer writes from one thread (`thread`: an I/O loop): its events are
    /// offered on that thread, together with that thread's other watchers (`WatchGroup`), and `onDelivery`
    /// is called there, at once, whenever one was queued; `onReady` as above for its backlog and its end.
    func watch(
        _ request: WatchRequest, on thread: WatchThread, onReady: @escaping @Sendable () -> Void,
        onDelivery: @escaping @Sendable () -> Void
    ) throws(StoreError) -> Watcher

    /// Commits what is queued, ends every watch, releases the data directory.
    func close()

    /// Whether writes can be taken now (for /readyz).
    var health: StoreHealth { get }
}

extension Store {
    /// An embedded store is ready while it is open.
    public var health: StoreHealth { .ready }

    /// Waits for the create to be durable.
    public func create(_ key: ObjectKey, uid: String, _ draft: ObjectDraft) throws(StoreError) -> StoredObject {
        try waitForWrite { create(key, uid: uid, draft, completion: $0) }
    }

    public func update(_ key: ObjectKey, _ draft: ObjectDraft, preconditions: Preconditions = .none) throws(StoreError)
        -> StoredObject
    {
        try waitForWrite { update(key, draft, preconditions: preconditions, completion: $0) }
    }

    @discardableResult
    public func delete(_ key: ObjectKey, preconditions: Preconditions = .none, tombstone: TombstoneEncoder? = nil)
        throws(StoreError) -> StoredObject
    {
        try waitForWrite { delete(key, preconditions: preconditions, tombstone: tombstone, completion: $0) }
    }

    private func waitForWrite(_ start: (@escaping WriteCompletion) -> Void) throws(StoreError) -> StoredObject {
        let box = ResultBox<Result<StoredObject, StoreError>>()
        start { box.fulfil($0) }
        return try box.wait().get()
    }
}
