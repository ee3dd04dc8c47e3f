/// merge.Updater for one kind in one API version: keeps each manager's field set true to what it last
/// wrote, and merges applied configurations (sigs.k8s.io/structured-merge-diff merge/update.go). There is
/// one version per kind here, so no conversion between managers' versions is ever needed.
struct StructuredMergeUpdater {
    typealias Managers = [ManagerIdentity: ManagedFields.Entry]

    let schema: ApplySchema
    let type: FieldType
    let version: String
    /// The resource's reset fields (the main resource's `status`, a status subresource's `spec`): no
    /// manager owns them through this endpoint.
    let ignored: FieldSet
    /// Skip the steps whose outcome is known in advance (no pruning when the manager keeps everything it
    /// applied last; no comparison when nothing changed). Off only in tests, which check both ways agree.
    var shortcuts = true

    /// update(): every other manager loses the fields the change modified or added (conflicts, an error
    /// unless `force`) and those it removed; emptied managers go.
    func update(old: JSONValue?, new: JSONValue?, managers: inout Managers, workflow: ManagerIdentity, force: Bool)
        throws(ApplyConflicts) -> ObjectComparison
    {
        let comparison = ObjectComparison(old, new, type: type, schema: schema).excluding(ignored)
        let changed = comparison.modified.union(comparison.added)
        var conflicts: [ManagerIdentity: FieldSet] = [:]
        for (manager, entry) in managers where manager != workflow {
            let taken = entry.set.intersection(changed)
            if !taken.isEmpty { conflicts[manager] = taken }
        }
        if !force && !conflicts.isEmpty { throw ApplyConflicts(managers: conflicts) }
        for manager in Array(managers.keys) where manager != workflow {
            var entry = managers[manager]!
            if let taken = conflicts[manager] { entry.set = entry.set.difference(taken) }
            if !comparison.removed.isEmpty { entry.set = entry.set.difference(comparison.removed) }
            managers[manager] = entry.set.isEmpty ? nil : entry
        }
        return comparison
    }

    /// Update(): the manager owns what it changed, on top of what it owned and did not remove.
    func recordUpdate(live: JSONValue?, new: JSONValue, managers: inout Managers, manager: ManagerIdentity) {
        // force: an update never conflicts.
        guard let comparison = try? update(old: live, new: new, managers: &managers, workflow: manager, force: true)
        else { return }
        let previous = managers[manager]?.set ?? FieldSet()
        let set = previous.difference(comparison.removed).union(comparison.modified).union(comparison.added)
            .recursiveDifference(ignored)
        managers[manager] = set.isEmpty ? nil : ManagedFields.Entry(set: set, apiVersion: version, applied: false)
    }

    /// Apply(): merges `config` into `live`, makes the configuration's fields the manager's set, prunes
    /// what the manager applied before and no longer does (unless someone else owns it), and checks the
    /// result against the other managers. nil when the object does not change.
    func apply(live: JSONValue, config: JSONValue, managers: inout Managers, manager: ManagerIdentity, force: Bool)
        throws(ApplyConflicts) -> JSONValue?
    {
        let outcome = ObjectMerge(schema: schema).merged(live, config, type: type)
        var merged = outcome.value ?? .object([])
        let last = managers[manager]
        let set = FieldSetBuilder(schema: schema).fieldSet(of: config, type: type).recursiveDifference(ignored)
        managers[manager] = ManagedFields.Entry(set: set, apiVersion: version, applied: true)
        // Pruning takes away what the manager applied last and no one owns now; when it still applies all of
        // that, everything removed would come back.
        var pruned = false
        if let last, !last.set.isEmpty, !(shortcuts && last.set.difference(set).isEmpty) {
            merged = prune(merged, managers: managers, last: last.set)
            pruned = true
        }
        // The merge knows when it left the live object as it was, unless pruning changed that since.
        let unchanged = shortcuts && outcome.isLive && outcome.value != nil && !pruned ? true : merged == live
        // Nothing changed: nothing to take from anyone, no conflict; only emptied managers go, as there.
        if shortcuts && unchanged {
            for (other, entry) in managers where other != manager && entry.set.isEmpty { managers[other] = nil }
            return nil
        }
        var checked = managers
        _ = try update(old: live, new: merged, managers: &checked, workflow: manager, force: force)
        managers = checked
        return unchanged ? nil : merged
    }

    /// Removes what the manager applied last time and not this time, keeping whatever any manager (this
    /// one's new configuration included) still owns, and whatever was never the manager's to remove.
    private func prune(_ merged: JSONValue, managers: Managers, last: FieldSet) -> JSONValue {
        let removal = ItemRemoval(schema: schema), builder = FieldSetBuilder(schema: schema)
        func named(_ set: FieldSet) -> FieldSet { set.ensuringNamedFieldsAreMembers(type, schema) }
        let lastNamed = named(last)
        var pruned = removal.removing(lastNamed, from: merged, type: type) ?? .object([])
        // addBackOwnedItems: what any manager owns comes back.
        let owned = managers.values.reduce(FieldSet()) { $0.union($1.set) }
        let mergedSet = named(builder.fieldSet(of: merged, type: type))
        let prunedSet = named(builder.fieldSet(of: pruned, type: type))
        pruned =
            removal.removing(mergedSet.difference(prunedSet.union(named(owned))), from: merged, type: type)
            ?? .object([])
        // addBackDanglingItems: only what the manager owned last time may go.
        let afterOwned = named(builder.fieldSet(of: pruned, type: type))
        return removal.removing(mergedSet.difference(afterOwned).intersection(lastNamed), from: merged, type: type)
            ?? .object([])
    }
}
