import KubeAPI
import Storage

/// How API objects are kept in etcd, for the etcd store: the object's JSON without a resourceVersion
/// (etcd's mod_revision is the version, and kube-apiserver keeps it out of etcd too); read back, the
/// revision goes in and labels, selector fields and uid come from the document, as the REST layer
/// gives them on a write. Parsing happens only for objects this master did not write itself (another
/// master's writes, and the list at start): the REST layer's drafts come with their bytes without the
/// resourceVersion (its template leaves the member out), and only a draft without them is parsed here.
struct KubeObjectCodec: StoredObjectCodec {
    func storageBytes(_ draft: ObjectDraft) -> [UInt8] {
        if let withoutRevision = draft.withoutRevision { return withoutRevision() }
        let bytes = draft.encode(0)
        guard var object = try? JSONParser.parse(bytes), object[["metadata", "resourceVersion"]] != nil else {
            return bytes
        }
        object.set(path: ["metadata", "resourceVersion"], nil)
        return object.bytes
    }

    func decode(_ key: ObjectKey, _ stored: [UInt8], createRevision: Int64, modRevision: Int64) -> StoredObject? {
        guard var object = try? JSONParser.parse(stored), object.members != nil else { return nil }
        object.set(path: ["metadata", "resourceVersion"], .string(String(modRevision)))
        return StoredObject(
            key: key, uid: object[["metadata", "uid"]]?.string ?? "", labels: ObjectRules.labels(object),
            fields: ObjectRules.fields(object, resource: key.resource), value: object.bytes,
            createRevision: createRevision, modRevision: modRevision)
    }

    /// As a delete through the REST layer makes it: the deletion's resourceVersion and a deletionTimestamp.
    func tombstone(_ deleted: StoredObject, revision: Int64) -> [UInt8] { ResourceHandler.tombstone(deleted, revision) }
}
