/// Server-side apply through the field manager (FieldManager.Apply and the decorators' Apply steps).
extension FieldManager {
    /// Merges the applied configuration `config` of `manager` into `live` (nil when the object does not
    /// exist yet) and returns the object to store, managedFields included. Refuses a configuration of
    /// another kind (400), one carrying managedFields (400), one the schema cannot type (500, as kube), and
    /// an apply taking fields other managers own without `force` (409, listing them).
    public func apply(live: JSONValue?, config: JSONValue, manager: String, force: Bool) throws(ApplyError) -> JSONValue
    {
        // versionCheck: the configuration must be of the endpoint's kind.
        let sentVersion = config["apiVersion"]?.string ?? "", sentKind = config["kind"]?.string ?? ""
        guard sentVersion == apiVersion, sentKind == kind else {
            throw .badRequest("invalid object type: \(Self.gvkText(sentVersion, sentKind))")
        }
        // structuredMerge: managedFields are the server's to write; the configuration must type.
        if let sent = config[["metadata", "managedFields"]], !sent.isNull {
            throw .badRequest("metadata.managedFields must be nil")
        }
        let problems = ApplyValidation(schema: schema).errors(in: config, type: type)
        guard problems.isEmpty else {
            let where_ =
                "\(config[["metadata", "namespace"]]?.string ?? "")/\(config[["metadata", "name"]]?.string ?? ""); \(Self.gvkText(apiVersion, kind))"
            throw .unclassified("failed to create typed patch object (\(where_)): \(ApplyValidation.message(problems))")
        }
        // Before the managers are decoded: a stored list is always one the field manager encoded, so the
        // decoding below, which may refuse a broken list, never would.
        if shortcuts, let unchanged = unchangedReapply(live: live, config: config, manager: manager) {
            return unchanged
        }
        let managed: ManagedFields
        do { managed = try ManagedFields(decoding: live?[["metadata", "managedFields"]]) } catch {
            throw .unclassified("failed to decode managed fields: \(error)")
        }
        var (object, result) = try applyHonouringLastApplied(
            live: typed(live), config: config, managed: managed, manager: manager, force: force)
        // lastAppliedUpdater: kubectl's apply keeps a client-side apply annotation, where there is one, in step.
        if manager == Self.kubectl,
            let annotation = object[["metadata", "annotations", Self.lastAppliedAnnotation]]?.string,
            !annotation.isEmpty
        {
            var applied = config
            applied.editObject("metadata") { metadata in
                metadata.editObject("annotations") { $0.set(Self.lastAppliedAnnotation, nil) }
                if metadata["annotations"]?.members?.isEmpty == true { metadata.set("annotations", nil) }
            }
            var canonical: [UInt8] = []
            FieldValue.writeCanonical(applied, into: &canonical)
            object.set(
                path: ["metadata", "annotations", Self.lastAppliedAnnotation],
                .string(String(decoding: canonical, as: UTF8.self)))
        }
        object.set(path: ["metadata", "managedFields"], result.encoded)
        return object
    }

    /// lastAppliedManager: when kubectl's server-side apply conflicts only on fields its client-side apply
    /// annotation set (and that still hold those values), it takes them: the upgrade from client-side apply.
    private func applyHonouringLastApplied(
        live: JSONValue, config: JSONValue, managed: ManagedFields, manager: String, force: Bool
    )
        throws(ApplyError) -> (JSONValue, ManagedFields)
    {
        do {
            return try applyTracking(live: live, config: config, managed: managed, manager: manager, force: force)
        } catch let conflicts {
            guard manager == Self.kubectl, let allowed = allowedByLastApplied(live) else { throw .conflict(conflicts) }
            let remaining = conflicts.excluding(allowed)
            guard remaining.conflicts.isEmpty else { throw .conflict(remaining) }
            do {
                return try applyTracking(live: live, config: config, managed: managed, manager: manager, force: true)
            } catch {
                throw .conflict(error)
            }
        }
    }

    /// The fields the client-side apply annotation sets to the values the object holds.
    private func allowedByLastApplied(_ live: JSONValue) -> FieldSet? {
        guard let text = live[["metadata", "annotations", Self.lastAppliedAnnotation]]?.string, !text.isEmpty,
            let lastApplied = try? JSONParser.parse(Array(text.utf8)), lastApplied["apiVersion"]?.string == apiVersion,
            ApplyValidation(schema: schema).errors(in: lastApplied, type: type).isEmpty
        else { return nil }
        let set = FieldSetBuilder(schema: schema).fieldSet(of: lastApplied, type: type)
        let comparison = ObjectComparison(lastApplied, live, type: type, schema: schema)
        return set.difference(comparison.modified).difference(comparison.added).difference(comparison.removed)
    }

    /// skipNonApplied, then the apply proper. An object nobody manages yet (created before tracking, or
    /// reset) first has its current fields given to "before-first-apply", an update manager.
    private func applyTracking(live: JSONValue, config: JSONValue, managed: ManagedFields, manager: String, force: Bool)
        throws(ApplyConflicts) -> (JSONValue, ManagedFields)
    {
        var managed = managed
        if managed.isEmpty {
            managed = recordUpdate(live: typed(nil), new: live, managed: managed, manager: Self.beforeFirstApply)
        }
        let identity = ManagerIdentity(
            manager: manager, operation: ManagerIdentity.apply, apiVersion: apiVersion, subresource: subresource)
        let merged = try updater.apply(
            live: live, config: config, managers: &managed.entries, manager: identity, force: force)
        strip(identity, in: &managed.entries)
        // managedFieldsUpdater: the time moves only when the object changed.
        if merged != nil { managed.times[identity] = now() }
        return (merged ?? live, managed)
    }

    /// schema.GroupVersionKind's text: `/v1, Kind=Pod`, `apps/v1, Kind=Deployment`.
    static func gvkText(_ apiVersion: String, _ kind: String) -> String {
        let (group, version) = SchemaRegistry.split(apiVersion)
        return "\(group)/\(version), Kind=\(kind)"
    }
}
