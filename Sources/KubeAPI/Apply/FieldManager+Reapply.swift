/// The writes controllers and pipelines send over and over: the same configuration applied by the same
/// manager, the object updated or patched to what it already is. They change nothing, so the result is the
/// live object as the full algorithm would give it back, found without reading the managers' sets or
/// writing the list again.
extension FieldManager {
    /// The object the apply returns when `manager` applies exactly the fields its entry in `live` records
    /// and every applied value is already there; nil when that is not so (the full apply decides).
    func unchangedReapply(live: JSONValue?, config: JSONValue, manager: String) -> JSONValue? {
        guard let live, case .array(let entries)? = live[["metadata", "managedFields"]] else { return nil }
        // kubectl's apply would rewrite its client-side apply annotation.
        if manager == Self.kubectl, live[["metadata", "annotations", Self.lastAppliedAnnotation]] != nil {
            return nil
        }
        let mine = entries.filter {
            $0["manager"]?.string == manager && $0["operation"]?.string == ManagerIdentity.apply
                && ($0["subresource"]?.string ?? "") == subresource
        }
        guard mine.count == 1, let entry = mine.first, entry["apiVersion"]?.string == apiVersion,
            entry["fieldsType"]?.string == "FieldsV1", let recorded = entry["fieldsV1"]
        else { return nil }
        // The set the apply would record (what strip leaves of the configuration's fields) is the one there.
        let set = FieldSetBuilder(schema: schema).fieldSet(of: config, type: type).recursiveDifference(resetFields)
            .difference(Self.stripped)
        guard !set.isEmpty, set.isWritten(as: recorded) else { return nil }
        // Merging changes nothing: no value differs, nothing is pruned (the set is the last one), no one
        // loses a field, the time stays.
        let typedLive = typed(live)
        guard ObjectMerge(schema: schema).merged(typedLive, config, type: type).isLive else { return nil }
        var object = typedLive
        object.set(path: ["metadata", "managedFields"], .array(entries))
        return object
    }

    /// The object an update returns when `new` is `live` apart from managedFields, which the client left out
    /// or sent back as they are (a subresource write ignores them): no field changes hands, no time moves.
    func unchangedWrite(live: JSONValue, new: JSONValue) -> JSONValue? {
        guard let recorded = live[["metadata", "managedFields"]], case .array(let entries) = recorded,
            !entries.isEmpty
        else { return nil }
        let sent = new[["metadata", "managedFields"]]
        guard sent == nil || !subresource.isEmpty || sent == recorded else { return nil }
        var before = live, after = new
        before.set(path: ["metadata", "managedFields"], nil)
        after.set(path: ["metadata", "managedFields"], nil)
        guard before == after else { return nil }
        after.set(path: ["metadata", "managedFields"], recorded)
        return after
    }
}
