/// An applied configuration merged into the live object (TypedValue.Merge with keep-right): the
/// configuration's leaves and atomic values win, objects merge member by member, associative lists element
/// by element. Nothing is removed here; pruning what the manager stopped applying comes after.
struct ObjectMerge {
    let schema: ApplySchema

    func merge(_ live: JSONValue?, _ config: JSONValue?, type: FieldType) -> JSONValue? {
        guard live != nil || config != nil else { return nil }
        if isLeaf(live, config, type) { return config ?? live }
        switch schema.container(type, for: config ?? live) {
        case .leaf: return config ?? live
        case .object: return mergeMembers(live, config, type)
        case .list(let element, let kind): return mergeElements(live?.array ?? [], config?.array ?? [], element, kind)
        }
    }

    /// As the comparison's leaves: scalars, atomic values, a form mismatch, containers empty (or null) on
    /// both sides.
    private func isLeaf(_ live: JSONValue?, _ config: JSONValue?, _ type: FieldType) -> Bool {
        if type.isAtomic { return true }
        func objectOrNull(_ v: JSONValue?) -> Bool { v == nil || v?.isNull == true || v?.members != nil }
        func arrayOrNull(_ v: JSONValue?) -> Bool { v == nil || v?.isNull == true || v?.array != nil }
        switch schema.container(type, for: config ?? live) {
        case .leaf: return true
        case .object:
            guard objectOrNull(live), objectOrNull(config) else { return true }
            return (live?.members?.isEmpty ?? true) && (config?.members?.isEmpty ?? true)
        case .list:
            guard arrayOrNull(live), arrayOrNull(config) else { return true }
            return (live?.array?.isEmpty ?? true) && (config?.array?.isEmpty ?? true)
        }
    }

    /// Live members keep their order; the configuration's new ones follow in its order. A member that ends up
    /// null is left out: the typed object kube converts back to cannot hold one.
    private func mergeMembers(_ live: JSONValue?, _ config: JSONValue?, _ type: FieldType) -> JSONValue? {
        let left = live?.members ?? [], right = config?.members ?? []
        // A repeated key counts with its last value, as Go decodes it.
        var leftValues: [String: JSONValue] = [:], rightValues: [String: JSONValue] = [:]
        for m in left { leftValues[m.key] = m.value }
        for m in right { rightValues[m.key] = m.value }
        var out: [(key: String, value: JSONValue)] = []
        out.reserveCapacity(left.count + right.count)
        var done = Set<String>()
        let keepNulls = type == .deduced
        for key in left.map(\.key) + right.map(\.key) where done.insert(key).inserted {
            let merged = merge(leftValues[key], rightValues[key], type: schema.member(key, of: type).type)
            if let merged, keepNulls || !merged.isNull { out.append((key, merged)) }
        }
        return out.isEmpty ? nil : .object(out)
    }

    /// visitListItems' order: elements only in the live list keep their places, the configuration's
    /// elements come in its order, each shared element merged where the configuration puts it.
    private func mergeElements(_ lhs: [JSONValue], _ rhs: [JSONValue], _ element: FieldType, _ kind: FieldType.ListKind)
        -> JSONValue?
    {
        let rhsPEs = rhs.map { schema.pathElement(of: $0, element: element, kind: kind) }
        let lhsPEs = lhs.map { schema.pathElement(of: $0, element: element, kind: kind) }
        var observedRHS: [PathElement: JSONValue] = [:]
        for (pe, item) in zip(rhsPEs, rhs) { if case .success(let pe) = pe { observedRHS[pe] = item } }
        // A key repeated in the live list is not merged: its entry stands for null.
        var observedLHS: [PathElement: JSONValue] = [:]
        for (pe, item) in zip(lhsPEs, lhs) {
            if case .success(let pe) = pe { observedLHS[pe] = observedLHS[pe] == nil ? item : .null }
        }
        // Unidentifiable elements were refused for the configuration and are skipped in the live list.
        let r: [PathElement] = rhsPEs.compactMap { try? $0.get() }
        let l: [(pe: PathElement, item: JSONValue)] = zip(lhsPEs, lhs).compactMap { pe, item in
            (try? pe.get()).map { ($0, item) }
        }
        var shared = r.filter { observedLHS[$0] != nil }[...]
        var nextShared = shared.popFirst()
        var mergedRHS = Set<PathElement>()
        var out: [JSONValue] = []
        out.reserveCapacity(max(l.count, r.count))
        var li = 0, ri = 0
        while li < l.count || ri < r.count {
            if li < l.count && ri < r.count {
                let pe = l[li].pe
                if pe == r[ri] {
                    mergedRHS.insert(pe)
                    if let merged = mergeItem(observedLHS[pe], observedRHS[pe], element) { out.append(merged) }
                    li += 1
                    ri += 1
                    nextShared = shared.popFirst()
                    continue
                }
                if observedRHS[pe] != nil, let next = nextShared, next != pe {
                    li += 1  // shared, but not the one due now: it is merged where the configuration has it
                    continue
                }
            }
            if li < l.count {
                let pe = l[li].pe
                if observedRHS[pe] == nil {
                    if let merged = mergeItem(l[li].item, nil, element) { out.append(merged) }
                    li += 1
                    continue
                } else if mergedRHS.contains(pe) {
                    li += 1
                }
            }
            if ri < r.count {
                let pe = r[ri]
                mergedRHS.insert(pe)
                if let merged = mergeItem(observedLHS[pe], observedRHS[pe], element) { out.append(merged) }
                ri += 1
                if let next = nextShared, next == pe { nextShared = shared.popFirst() }
            }
        }
        return out.isEmpty ? nil : .array(out)
    }

    private func mergeItem(_ live: JSONValue?, _ config: JSONValue?, _ element: FieldType) -> JSONValue? {
        merge(live.flatMap { $0.isNull ? nil : $0 }, config, type: element)
    }
}
