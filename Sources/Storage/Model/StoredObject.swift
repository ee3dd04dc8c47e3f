import Synchronization

/// One version of an object as the store keeps it: the final serialized JSON (resourceVersion already
/// inside) plus the little metadata the store must understand. A class, so lists and watch fan-out copy
/// one reference per object rather than seven. The watch cache holds every object, so what one costs
/// beside its bytes counts: the uid, labels and field values live packed in one small array.
public final class StoredObject: Sendable {
    public let key: ObjectKey
    private let metadata: PackedMetadata
    /// The serialized object, served as-is by GET, LIST and watch.
    public let value: [UInt8]
    /// The revision that created this object (kept across updates).
    public let createRevision: Int64
    /// The revision of this version's write: the object's resourceVersion.
    public let modRevision: Int64

    public init(
        key: ObjectKey, uid: String, labels: [String: String], fields: [String: String], value: [UInt8],
        createRevision: Int64, modRevision: Int64
    ) {
        self.key = key
        metadata = PackedMetadata(uid: uid, labels: labels, fields: fields, key: key)
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
    }

    public var resourceVersion: String { String(modRevision) }

    public var uid: String { metadata.uid }

    public var labels: [String: String] { metadata.labels }

    /// Values for field selectors (`spec.nodeName`, `status.phase`, ...), supplied by the writer;
    /// `metadata.name` and `metadata.namespace` only where they differ from the key's.
    public var fields: [String: String] { metadata.fields }

    /// The label `key`'s value, nil when the object has none (a selector's view).
    func label(_ key: String) -> String? { metadata.label(key) }

    /// The object in another encoding (the API's protobuf), made by the first reader that asks and kept with
    /// this version as `value` keeps the JSON: reads in that encoding encode once per write, not once per read.
    /// Empty means "cannot be encoded" (answered in JSON). One word per object until set: an atomic
    /// unmanaged reference, not `AtomicLazyReference`, whose `load` runs unspecialized in the Synchronization
    /// library and looked up its generic metadata on every protobuf read (~300 instructions a GET).
    @usableFromInline let alternate = Atomic<Unmanaged<AlternateEncoding>?>(nil)

    @usableFromInline final class AlternateEncoding: Sendable {
        @usableFromInline let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        /// The bytes, nil when the object could not be encoded.
        @inlinable var encoded: [UInt8]? { bytes.isEmpty ? nil : bytes }
    }

    deinit { alternate.load(ordering: .acquiring)?.release() }

    /// The alternate encoding, made with `make` the first time (concurrent first readers may both make it;
    /// they make the same bytes, and the first stored is kept). Nil when `make` cannot encode the object.
    /// Inlined into the reader, and read through the box without retaining it (this object holds it until
    /// deinit), so a read costs what reading `value` does: a load and one retain of the bytes, no call.
    @inlinable public func alternateEncoding(_ make: () -> [UInt8]?) -> [UInt8]? {
        if let stored = alternate.load(ordering: .acquiring) { return stored._withUnsafeGuaranteedRef { $0.encoded } }
        return makeAlternateEncoding(make)
    }

    /// The first read's half: encodes, and keeps the first encoding stored.
    @usableFromInline func makeAlternateEncoding(_ make: () -> [UInt8]?) -> [UInt8]? {
        let made = Unmanaged.passRetained(AlternateEncoding(make() ?? []))
        let (stored, first) = alternate.compareExchange(expected: nil, desired: made, ordering: .acquiringAndReleasing)
        if stored { return made._withUnsafeGuaranteedRef { $0.encoded } }
        made.release()
        return first!._withUnsafeGuaranteedRef { $0.encoded }
    }

    /// A field selector's view of the object: missing fields read as "" (as in kube-apiserver, where
    /// `spec.nodeName=` selects unscheduled pods).
    func field(_ name: String) -> String {
        if let value = metadata.field(name) { return value }
        switch name {
        case "metadata.name": return key.name
        case "metadata.namespace": return key.namespace
        default: return ""
        }
    }
}

/// What a caller writes: the metadata plus an encoder that produces the final bytes once the writer has
/// assigned the revision. The encoder runs on the writer thread inside the group commit, so it must be
/// cheap: splice the resourceVersion into bytes serialized beforehand, don't serialize from scratch.
public struct ObjectDraft: Sendable {
    public var labels: [String: String]
    public var fields: [String: String]
    public var encode: @Sendable (_ revision: Int64) -> [UInt8]
    /// The bytes without the revision in them, where the maker has them at hand (a store that keeps the
    /// revision apart, etcd, then need not take it out of `encode`'s bytes).
    public var withoutRevision: (@Sendable () -> [UInt8])?

    public init(
        labels: [String: String] = [:], fields: [String: String] = [:],
        encode: @escaping @Sendable (_ revision: Int64) -> [UInt8], withoutRevision: (@Sendable () -> [UInt8])? = nil
    ) {
        self.labels = labels
        self.fields = fields
        self.encode = encode
        self.withoutRevision = withoutRevision
    }

    /// Bytes that do not carry the revision (tests, opaque blobs).
    public init(labels: [String: String] = [:], fields: [String: String] = [:], value: [UInt8]) {
        self.init(labels: labels, fields: fields, encode: { _ in value })
    }
}

/// Makes a deleted object's final bytes (kube-apiserver returns, and watchers see, the deleted object at
/// the deletion's resourceVersion). Runs on the writer thread; keep it cheap.
public typealias TombstoneEncoder = @Sendable (_ deleted: StoredObject, _ revision: Int64) -> [UInt8]

/// Conditions the writer checks against the current object before an update or delete.
public struct Preconditions: Sendable, Equatable {
    public var uid: String?
    /// The object's current modRevision must equal this (optimistic concurrency).
    public var revision: Int64?

    public init(uid: String? = nil, revision: Int64? = nil) {
        self.uid = uid
        self.revision = revision
    }

    public static let none = Preconditions()

    func check(_ current: StoredObject) -> StoreError? {
        if let uid, uid != current.uid { return .conflict(current.key, .uid(expected: uid, actual: current.uid)) }
        if let revision, revision != current.modRevision {
            return .conflict(current.key, .revision(expected: revision, actual: current.modRevision))
        }
        return nil
    }
}
