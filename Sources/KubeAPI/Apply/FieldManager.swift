/// kube-apiserver's field manager for one resource endpoint (managedfields.NewDefaultFieldManager): records
/// in `metadata.managedFields` who owns which fields on every write, and runs server-side apply. The
/// decorators upstream stacks are steps here, in the same order: the applied kind is checked, kubectl's
/// client-side apply annotation is honoured, tracking starts on create or at the first apply
/// (`before-first-apply`), update managers are capped, managers are keyed by operation and version, times
/// are stamped, and metadata nobody may own is stripped.
public struct FieldManager: Sendable {
    public let schema: ApplySchema
    public let apiVersion: String
    public let kind: String
    /// The subresource written through ("status"), empty for the main resource.
    public let subresource: String
    /// The reset fields of the endpoint (GetResetFields): never owned through it.
    public let resetFields: FieldSet
    /// The time to stamp on entries: RFC 3339 in seconds (metav1.Time).
    let now: @Sendable () -> String
    /// Skip work whose outcome is known in advance (an unchanged reapply, pruning nothing, comparing
    /// equal objects). Off only in tests, which check that both ways give the same objects.
    var shortcuts = true
    /// Where creates of this endpoint keep the creator's fields by object shape; nil: worked out each time.
    public var createdFields: CreatedFieldsMemo?

    /// DefaultMaxUpdateManagers: beyond it, the oldest update entries merge into "ancient-changes".
    public static let maxUpdateManagers = 10
    static let ancientChanges = "ancient-changes"
    static let beforeFirstApply = "before-first-apply"
    /// The manager whose applies adopt the client-side apply annotation (kubectl apply --server-side).
    static let kubectl = "kubectl"
    public static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"
    /// Fields no manager owns: TypeMeta and the metadata the server keeps (stripmeta.go).
    static let stripped = FieldSet([
        FieldPath(fields: "apiVersion"), FieldPath(fields: "kind"), FieldPath(fields: "metadata"),
        FieldPath(fields: "metadata", "name"), FieldPath(fields: "metadata", "namespace"),
        FieldPath(fields: "metadata", "creationTimestamp"), FieldPath(fields: "metadata", "selfLink"),
        FieldPath(fields: "metadata", "uid"), FieldPath(fields: "metadata", "clusterName"),
        FieldPath(fields: "metadata", "generation"), FieldPath(fields: "metadata", "managedFields"),
        FieldPath(fields: "metadata", "resourceVersion"),
    ])

    public init(
        schema: ApplySchema = .shared, apiVersion: String, kind: String, subresource: String = "",
        resetFields: FieldSet = FieldSet(), now: @escaping @Sendable () -> String
    ) {
        self.schema = schema
        self.apiVersion = apiVersion
        self.kind = kind
        self.subresource = subresource
        self.resetFields = resetFields
        self.now = now
        type = schema.objectType(apiVersion: apiVersion, kind: kind) ?? .deduced
    }

    /// The type of the kind's objects.
    let type: FieldType

    var updater: StructuredMergeUpdater {
        StructuredMergeUpdater(
            schema: schema, type: type, version: apiVersion, ignored: resetFields, shortcuts: shortcuts)
    }

    /// The object as kube's typed conversion sees it: TypeMeta set, and `metadata`, `spec` and `status`
    /// present, since a Go struct always has its non-pointer structs. `live` nil is the empty object a
    /// create starts from.
    func typed(_ object: JSONValue?) -> JSONValue {
        var members = object?.members ?? []
        let declared = schema.structure(type)?.fields ?? [:]
        for key in ["metadata", "spec", "status"]
        where declared[key] != nil && !members.contains(where: { $0.key == key }) {
            members.append((key, .object([])))
        }
        // TypeMeta first, as the REST layer writes objects.
        if !members.contains(where: { $0.key == "apiVersion" }) {
            members.insert(("apiVersion", .string(apiVersion)), at: 0)
        }
        if !members.contains(where: { $0.key == "kind" }) { members.insert(("kind", .string(kind)), at: 0) }
        var out = JSONValue.object(members)
        out.set(path: ["metadata", "managedFields"], nil)
        return out
    }

    // MARK: - Update (create, update, every non-apply patch)

    /// FieldManager.UpdateNoErrors: `new` with its managedFields brought up to date for a write by `manager`
    /// (`live` nil for a create). The managedFields a client sends are taken as given, unless empty: `[]`
    /// resets tracking; anything else unreadable keeps the live object's. A subresource write never takes
    /// the client's.
    public func update(live: JSONValue?, new: JSONValue, manager: String) -> JSONValue {
        if shortcuts, let live, let unchanged = unchangedWrite(live: live, new: new) { return unchanged }
        var managed: ManagedFields
        let liveManaged = (try? ManagedFields(decoding: live?[["metadata", "managedFields"]])) ?? ManagedFields()
        let sent = new[["metadata", "managedFields"]]
        if !subresource.isEmpty {
            managed = liveManaged
        } else if ManagedFields.isReset(sent) {
            managed = ManagedFields()
        } else if let decoded = try? ManagedFields(decoding: sent), !decoded.isEmpty {
            managed = decoded
        } else {
            managed = liveManaged
        }
        var result = new
        result.set(path: ["metadata", "managedFields"], nil)
        // skipNonApplied: an object that is not tracked starts being tracked at its first apply; a
        // create always starts tracking (DefaultTrackOnCreateProbability is 1).
        if managed.isEmpty && live != nil { return result }
        if managed.isEmpty && shortcuts {
            // A create: the creator owns what it adds to the empty object, and no one else owns anything.
            let work = {
                CreatedFieldSet(schema: schema).fieldSet(
                    of: result, kind: kind, apiVersion: apiVersion, type: type, reset: resetFields,
                    stripped: Self.stripped)
            }
            let fieldsV1: JSONValue?
            if let createdFields {
                fieldsV1 = createdFields.fieldsV1(of: result, work)
            } else {
                let set = work()
                fieldsV1 = set.isEmpty ? nil : set.fieldsV1
            }
            guard let fieldsV1 else { return result }
            let entry = ManagedFields.entry(
                manager: manager.isEmpty ? "unknown" : manager, operation: ManagerIdentity.update,
                apiVersion: apiVersion, time: now(), fieldsV1: fieldsV1, subresource: subresource)
            result.set(path: ["metadata", "managedFields"], .array([entry]))
            return result
        }
        managed = recordUpdate(live: typed(live), new: typed(result), managed: managed, manager: manager)
        if let encoded = managed.encoded { result.set(path: ["metadata", "managedFields"], encoded) }
        return result
    }

    /// capManagers(buildManagerInfo(managedFieldsUpdater(stripMeta(structuredMerge)))).Update.
    func recordUpdate(live: JSONValue, new: JSONValue, managed: ManagedFields, manager: String) -> ManagedFields {
        var managed = managed
        let identity = ManagerIdentity(
            manager: manager.isEmpty ? "unknown" : manager, operation: ManagerIdentity.update,
            apiVersion: apiVersion, subresource: subresource)
        // The change is recorded under a placeholder first, so that whether it took anything is known.
        let current = ManagerIdentity(placeholder: "current-operation")
        updater.recordUpdate(live: live, new: new, managers: &managed.entries, manager: current)
        strip(current, in: &managed.entries)
        if let taken = managed.entries.removeValue(forKey: current) {
            let previous = managed.entries[identity]?.set ?? FieldSet()
            managed.entries[identity] = ManagedFields.Entry(
                set: taken.set.union(previous), apiVersion: taken.apiVersion, applied: false)
            managed.times[identity] = now()
        }
        return capUpdateManagers(managed)
    }

    /// stripMeta: the manager's set loses the fields nobody owns.
    func strip(_ manager: ManagerIdentity, in entries: inout [ManagerIdentity: ManagedFields.Entry]) {
        guard var entry = entries[manager] else { return }
        entry.set = entry.set.difference(Self.stripped)
        entries[manager] = entry.set.isEmpty ? nil : entry
    }

    /// capManagers: with more than `maxUpdateManagers` update entries, the oldest merge, per API version,
    /// into an "ancient-changes" entry carrying the time of the newest it absorbed.
    func capUpdateManagers(_ managed: ManagedFields) -> ManagedFields {
        var managed = managed
        let updaters = managed.entries.filter { !$0.value.applied }.keys
        guard updaters.count > Self.maxUpdateManagers else { return managed }
        let seconds = { (m: ManagerIdentity) in managed.times[m].flatMap(ManagedFieldsTime.seconds) ?? 0 }
        let oldestFirst = updaters.sorted { seconds($0) != seconds($1) ? seconds($0) < seconds($1) : $0 < $1 }
        var firstOfVersion: [String: ManagerIdentity] = [:]
        var length = oldestFirst.count
        for manager in oldestFirst where length > Self.maxUpdateManagers {
            guard let entry = managed.entries[manager] else { continue }
            let time = managed.times[manager]
            let version = entry.apiVersion
            let bucket = ManagerIdentity(
                manager: Self.ancientChanges, operation: ManagerIdentity.update, apiVersion: version, subresource: "")
            guard let first = firstOfVersion[version] else {
                firstOfVersion[version] = manager
                continue
            }
            if managed.entries[bucket] == nil, let moved = managed.entries.removeValue(forKey: first) {
                managed.entries[bucket] = moved
                managed.times[first] = nil
            }
            let union = entry.set.union(managed.entries[bucket]?.set ?? FieldSet())
            managed.entries[bucket] = ManagedFields.Entry(
                set: union, apiVersion: entry.apiVersion, applied: entry.applied)
            managed.entries[manager] = nil
            managed.times[manager] = nil
            managed.times[bucket] = time
            length -= 1
        }
        return managed
    }
}
