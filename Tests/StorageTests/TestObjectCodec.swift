import Foundation
@testable import Storage

/// The codec an API server gives the etcd store, for the test documents of `pod(...)`: etcd keeps the
/// bytes encoded at revision 0, decoding puts the revision back in their place (so a decoded object is
/// byte for byte what the writer made), and labels, fields and uid are read from the JSON.
struct TestObjectCodec: StoredObjectCodec {
    func storageBytes(_ draft: ObjectDraft) -> [UInt8] { draft.encode(0) }

    func decode(_ key: ObjectKey, _ stored: [UInt8], createRevision: Int64, modRevision: Int64) -> StoredObject? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(stored))) as? [String: Any] else { return nil }
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        var fields: [String: String] = [:]
        if let node = (object["spec"] as? [String: Any])?["nodeName"] as? String { fields["spec.nodeName"] = node }
        if let phase = (object["status"] as? [String: Any])?["phase"] as? String { fields["status.phase"] = phase }
        let text = String(decoding: stored, as: UTF8.self)
        let value = text.replacingOccurrences(
            of: #""resourceVersion":"0""#, with: #""resourceVersion":"\#(modRevision)""#)
        return StoredObject(
            key: key, uid: metadata["uid"] as? String ?? "", labels: metadata["labels"] as? [String: String] ?? [:],
            fields: fields, value: Array(value.utf8), createRevision: createRevision, modRevision: modRevision)
    }

    func tombstone(_ deleted: StoredObject, revision: Int64) -> [UInt8] { deleted.value }
}
