/// printPersistentVolume and printPersistentVolumeClaim.
enum StorageTableRows {
    typealias F = TableFields

    /// Name, Capacity, Access Modes, Reclaim Policy, Status, Claim, StorageClass, VolumeAttributesClass, Reason,
    /// Age, VolumeMode.
    static func persistentVolume(_ o: JSONValue, now: Int64) -> [JSONValue] {
        var claim = ""
        if let ref = F.present(o, "spec", "claimRef") {
            claim = F.string(ref, "namespace") + "/" + F.string(ref, "name")
        }
        var phase = F.string(o, "status", "phase")
        if F.present(o, "metadata", "deletionTimestamp") != nil { phase = "Terminating" }
        return [
            .string(F.name(o)), .string(quantity(F.present(o, "spec", "capacity", "storage"))),
            .string(accessModes(F.array(o, "spec", "accessModes"))),
            .string(F.string(o, "spec", "persistentVolumeReclaimPolicy")),
            .string(phase), .string(claim), .string(storageClass(o)),
            .string(F.present(o, "spec", "volumeAttributesClassName")?.string ?? "<unset>"),
            .string(F.string(o, "status", "reason")),
            .string(F.age(o, now: now)), .string(F.present(o, "spec", "volumeMode")?.string ?? "<unset>"),
        ]
    }

    /// Name, Status, Volume, Capacity, Access Modes, StorageClass, VolumeAttributesClass, Age, VolumeMode. Capacity
    /// and access modes are the bound volume's, shown once the claim names one.
    static func persistentVolumeClaim(_ o: JSONValue, now: Int64) -> [JSONValue] {
        var phase = F.string(o, "status", "phase")
        if F.present(o, "metadata", "deletionTimestamp") != nil { phase = "Terminating" }
        let volume = F.string(o, "spec", "volumeName")
        var capacity = "", modes = ""
        if !volume.isEmpty {
            modes = accessModes(F.array(o, "status", "accessModes"))
            capacity = quantity(F.present(o, "status", "capacity", "storage"))
        }
        return [
            .string(F.name(o)), .string(phase), .string(volume), .string(capacity), .string(modes),
            .string(storageClass(o)),
            .string(F.present(o, "spec", "volumeAttributesClassName")?.string ?? "<unset>"),
            .string(F.age(o, now: now)),
            .string(F.present(o, "spec", "volumeMode")?.string ?? "<unset>"),
        ]
    }

    /// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, each once.
    static func accessModes(_ modes: [JSONValue]) -> String {
        let present = Set(modes.compactMap(\.string))
        return [
            ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
        ]
        .filter { present.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    /// `GetPersistentVolume(Claim)Class`: the beta annotation wins over spec.storageClassName.
    static func storageClass(_ o: JSONValue) -> String {
        if let annotated = F.present(o, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class")?.string {
            return annotated
        }
        return F.string(o, "spec", "storageClassName")
    }

    /// A Quantity's text; an absent one is Go's zero Quantity, "0".
    static func quantity(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: s
        case .number(let n)?: n
        default: "0"
        }
    }
}
