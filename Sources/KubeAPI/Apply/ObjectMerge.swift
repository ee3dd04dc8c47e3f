/// An applied configuration merged into the live object (TypedValue.Merge with keep-right): the
/// configuration's leaves and atomic values win, objects merge member by member, associative lists element
/// by element. Nothing is removed here; pruning what the manager stopped applying comes after.
///
/// The merge knows when its result is the live value itself (every applied value already there, nothing
/// dropped or reordered): it then builds nothing and says so, which is how an apply that changes nothing
/// is recognised without comparing the two objects afterwards.
struct ObjectMerge {
    let schema: ApplySchema

    /// The merged value, and whether it is `live` unchanged.
    struct Outcome {
        var value: JSONValue?
        var isLive: Bool

        static func live(_ value: JSONValue?) -> Outcome { Outcome(value: value, isLive: true) }
        static func new(_ value: JSONValue?) -> Outcome { Outcome(value: value, isLive: false) }
    }

    func merge(_ live: JSONValue?, _ config: JSONValue?, type: FieldType) -> JSONValue? {
        merged(live, config, type: type).value
    }

    func merged(_ live: JSONValue?, _ config: JSONValue?, type: FieldType) -> Outcome {
        guard live != nil || config != nil else { return .live(nil) }
        if isLeaf(live, config, type) { return leaf(live, config) }
        switch schema.container(type, for: config ?? live) {
        case .leaf: return leaf(live, config)
        case .object: return mergeMembers(live, config, type)
        case .list(let element, let kind):
            return ObjectMerge.ListMerge(merge: self, element: element, kind: kind)
                .merged(live, live?.array ?? [], config?.array ?? [])
        }
    }

    /// The configuration's value wins; one equal to the live value leaves the live one in place.
    private func leaf(_ live: JSONValue?, _ config: JSONValue?) -> Outcome {
        guard let config, config != live else { return .live(live) }
        return .new(config)
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
    /// null is left out: the typed object kube converts back to cannot hold one. A repeated key counts
    /// once, where it first appears, with its last value (as Go decodes it).
    private func mergeMembers(_ live: JSONValue?, _ config: JSONValue?, _ type: FieldType) -> Outcome {
        var left = live?.members ?? [], right = config?.members ?? []
        let leftRepeats = RepeatedKeys.any(in: left)
        if leftRepeats { left = RepeatedKeys.collapsed(left) }
        if RepeatedKeys.any(in: right) { right = RepeatedKeys.collapsed(right) }
        let keepNulls = type == .deduced
        // Built only from the first member that differs from the live object's.
        var out: [(key: String, value: JSONValue)]? = leftRepeats ? [] : nil
        func differ(at index: Int) {
            if out == nil { out = Array(left[..<index]) }
        }
        let rightIndex = right.count > RepeatedKeys.scanLimit ? RepeatedKeys.index(right) : nil
        func configValue(_ key: String) -> JSONValue? {
            if let rightIndex { return rightIndex[key].map { right[$0].value } }
            return right.first { $0.key == key }?.value
        }
        var matched = 0
        for (i, m) in left.enumerated() {
            let applied = configValue(m.key)
            if applied != nil { matched += 1 }
            let merged = merged(m.value, applied, type: schema.member(m.key, of: type).type)
            let kept = merged.value.map { keepNulls || !$0.isNull } ?? false
            if merged.isLive && kept {
                out?.append(m)
                continue
            }
            differ(at: i)
            if kept, let value = merged.value { out!.append((m.key, value)) }
        }
        if matched < right.count {
            let leftIndex = left.count > RepeatedKeys.scanLimit ? RepeatedKeys.index(left) : nil
            for m in right {
                let inLive = leftIndex.map { $0[m.key] != nil } ?? left.contains { $0.key == m.key }
                guard !inLive, let value = merged(nil, m.value, type: schema.member(m.key, of: type).type).value,
                    keepNulls || !value.isNull
                else { continue }
                differ(at: left.count)
                out!.append((m.key, value))
            }
        }
        guard let out else { return left.isEmpty ? Outcome(value: nil, isLive: live == nil) : .live(live) }
        return .new(out.isEmpty ? nil : .object(out))
    }
}
