import Testing
@testable import Storage

@Suite struct PackedMetadataTests {
    private let key = ObjectKey(resource: "pods", namespace: "ns", name: "web-1")

    /// Every uid comes back as it went in: a lowercase canonical UUID (packed as 16 bytes) and anything
    /// else (uppercase, other lengths, empty, not ASCII) as its text.
    @Test(arguments: [
        "0f8e4c2a-9b1d-4e6f-a3c5-7d2b9e0f1a48", "0F8E4C2A-9B1D-4E6F-A3C5-7D2B9E0F1A48", "uid-a", "",
        "0f8e4c2a_9b1d-4e6f-a3c5-7d2b9e0f1a48", "ünïcode-ŭid",
    ])
    func uidRoundTrips(uid: String) {
        #expect(PackedMetadata(uid: uid, labels: ["a": "b"], fields: [:], key: key).uid == uid)
    }

    @Test func labelsAndFieldsRoundTripAndAreLookedUpApart() {
        let labels = ["app": "web", "tier": "", "long": String(repeating: "x", count: 300)]
        let fields = ["status.phase": "Running", "spec.nodeName": "n1", "app": "field-not-label"]
        let packed = PackedMetadata(uid: "u", labels: labels, fields: fields, key: key)
        #expect(packed.labels == labels && packed.fields == fields)
        #expect(packed.label("app") == "web" && packed.label("tier") == "" && packed.label("long") == labels["long"])
        #expect(packed.label("status.phase") == nil && packed.label("ap") == nil && packed.label("apps") == nil)
        #expect(packed.field("app") == "field-not-label" && packed.field("spec.nodeName") == "n1")
        #expect(packed.field("tier") == nil)
    }

    /// The key answers for the name and namespace fields, so they are not kept twice; a differing value
    /// (which no writer sends, but the packing must not lose) is kept.
    @Test func fieldsRepeatingTheKeyAreLeftToTheKey() {
        let fields = ["metadata.name": "web-1", "metadata.namespace": "ns", "status.phase": "x"]
        let same = PackedMetadata(uid: "", labels: [:], fields: fields, key: key)
        #expect(same.fields == ["status.phase": "x"])
        let object = StoredObject(
            key: key, uid: "", labels: [:], fields: ["metadata.name": "web-1"], value: [],
            createRevision: 1, modRevision: 1)
        #expect(object.field("metadata.name") == "web-1" && object.field("metadata.namespace") == "ns")
        let other = PackedMetadata(uid: "", labels: [:], fields: ["metadata.name": "else"], key: key)
        #expect(other.field("metadata.name") == "else")
    }
}
