/// The order of merged lists: `$setElementOrder/<field>` when the patch gives one, else patch elements in
/// the patch's order with the server's other elements kept in place around them (normalizeElementOrder).
extension StrategicMergePatch {
    /// mergePatchIntoOriginal: each `$setElementOrder/<field>` merges its list now and fixes its order.
    func applySetElementOrder(_ original: inout Members, _ patch: inout Members, path: [String]) throws(PatchError) {
        for (key, value) in patch.list where key.hasPrefix(Directive.setElementOrder) {
            patch[key] = nil
            guard case .array(let order) = value else {
                throw PatchError.unclassified(GoFormat.badArgType(expected: GoFormat.sliceType, value))
            }
            let field = try Directive.field(of: key, prefix: Directive.setElementOrder)
            // A null list in the stored object counts as none (kube's typed objects never hold one).
            let originalValue = original[field].flatMap { $0.isNull ? nil : $0 }
            let patchValue = patch[field]
            let originalList = try Self.list(originalValue)
            let patchList = try Self.list(patchValue)
            let s = strategy(path + [field])
            try Self.validate(patchList: patchList, order: order, mergeKey: s.mergeKey)
            let merged: [JSONValue]
            switch (originalValue != nil, patchValue != nil) {
            case (true, false): merged = originalList
            case (false, true): merged = Directive.removed(from: .array(patchList))?.array ?? []
            case (true, true):
                merged =
                    s.merge
                    ? try mergeList(originalList, patchList, s, path: path + [field], isDeleteList: false) : patchList
            case (false, false): continue
            }
            patch[field] = nil
            guard let element = try Self.elementType(originalList, patchList) else {
                original[field] = .array(merged)
                continue
            }
            let (listed, serverOnly) = try Self.partition(merged, by: order, mergeKey: s.mergeKey)
            original[field] = .array(
                try Self.normalizeOrder(
                    listed, serverOnly, patchOrder: order, serverOrder: originalList,
                    mergeKey: s.mergeKey, objects: element == .object))
        }
    }

    private static func list(_ v: JSONValue?) throws(PatchError) -> [JSONValue] {
        guard let v else { return [] }
        guard case .array(let a) = v else {
            throw PatchError.unclassified(GoFormat.badArgType(expected: GoFormat.sliceType, v))
        }
        return a
    }

    /// validatePatchWithSetOrderList: the patch's elements (deletions aside) must appear in the order list, in
    /// the same relative order.
    static func validate(patchList: [JSONValue], order: [JSONValue], mergeKey: String?) throws(PatchError) {
        guard !order.isEmpty, !patchList.isEmpty else { return }
        var kept = patchList
        if let mergeKey, !mergeKey.isEmpty {
            for item in patchList where item.members == nil {
                throw PatchError.unclassified(GoFormat.badArgType(expected: GoFormat.mapType, item))
            }
            kept = patchList.filter { Members($0.members ?? [])[Directive.marker]?.string != "delete" }
        }
        var p = 0
        var o = 0
        while p < kept.count, o < order.count {
            if Members(kept[p].members ?? []).has(Directive.marker) {
                p += 1
                continue
            }
            if try mergeKeyValueEqual(kept[p], order[o], mergeKey) { p += 1 }
            o += 1
        }
        if p < kept.count, o >= order.count {
            throw PatchError.unclassified(
                "the order in patch list:\n\(GoFormat.value(.array(patchList)))\n doesn't match "
                    + "\(Directive.setElementOrder) list:\n\(GoFormat.value(.array(order)))")
        }
    }

    private static func mergeKeyValueEqual(_ left: JSONValue, _ right: JSONValue, _ mergeKey: String?)
        throws(PatchError) -> Bool
    {
        guard let mergeKey, !mergeKey.isEmpty else { return GoEquality.equal(left, right) }
        return GoEquality.equal(try keyValue(left, mergeKey), try keyValue(right, mergeKey))
    }

    /// An element's merge key value; the element must be an object that has it.
    private static func keyValue(_ item: JSONValue, _ mergeKey: String) throws(PatchError) -> JSONValue {
        guard case .object(let m) = item else {
            throw PatchError.unclassified(GoFormat.badArgType(expected: GoFormat.mapType, item))
        }
        guard let v = Members(m)[mergeKey] else { throw PatchError.unclassified(GoFormat.noMergeKey(item, mergeKey)) }
        return v
    }

    /// partitionPrimitivesByPresentInList / partitionMapsByPresentInList: items named in `list`, and the rest.
    static func partition(
        _ items: [JSONValue], by list: [JSONValue],
        mergeKey: String?
    ) throws(PatchError) -> (listed: [JSONValue], rest: [JSONValue]) {
        var listed: [JSONValue] = []
        var rest: [JSONValue] = []
        for item in items {
            let present: Bool
            if let mergeKey, !mergeKey.isEmpty {
                let value = try keyValue(item, mergeKey)
                present = list.contains { GoEquality.equal(Members($0.members ?? [])[mergeKey], value) }
            } else {
                present = list.contains { GoEquality.equal($0, item) }
            }
            if present { listed.append(item) } else { rest.append(item) }
        }
        return (listed, rest)
    }

    /// normalizeElementOrder: sort the patch's items by the patch order and the server-only ones by the
    /// server's order, then interleave, placing a server item first only when the server had it before.
    static func normalizeOrder(
        _ patchItems: [JSONValue], _ serverOnly: [JSONValue], patchOrder: [JSONValue],
        serverOrder: [JSONValue], mergeKey: String?, objects: Bool
    ) throws(PatchError) -> [JSONValue] {
        let left = try sorted(serverOnly, by: serverOrder, mergeKey: mergeKey, objects: objects)
        let right = try sorted(patchItems, by: patchOrder, mergeKey: mergeKey, objects: objects)
        var out: [JSONValue] = []
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            if let li = index(of: left[i], in: serverOrder, mergeKey: mergeKey, objects: objects),
                let ri = index(of: right[j], in: serverOrder, mergeKey: mergeKey, objects: objects), li < ri
            {
                out.append(left[i])
                i += 1
            } else {
                out.append(right[j])
                j += 1
            }
        }
        return out + left[i...] + right[j...]
    }

    /// normalizeSliceOrder: a stable sort by position in `order`; `$patch: delete` elements go last.
    private static func sorted(
        _ items: [JSONValue], by order: [JSONValue], mergeKey: String?,
        objects: Bool
    ) throws(PatchError) -> [JSONValue] {
        var items = items
        var deletions: [JSONValue] = []
        if objects {
            let key = mergeKey ?? ""
            for item in items + order { _ = try keyValue(item, key) }
            deletions = items.filter { Members($0.members ?? [])[Directive.marker]?.string == "delete" }
            items.removeAll { Members($0.members ?? [])[Directive.marker]?.string == "delete" }
        }
        let ranked = items.enumerated().map {
            (
                rank: index(of: $0.element, in: order, mergeKey: mergeKey, objects: objects) ?? Int.max,
                position: $0.offset, item: $0.element
            )
        }
        return ranked.sorted { ($0.rank, $0.position) < ($1.rank, $1.position) }.map(\.item) + deletions
    }

    /// Where an item sits in a list: by merge key value for objects, by value for primitives.
    private static func index(of item: JSONValue, in list: [JSONValue], mergeKey: String?, objects: Bool) -> Int? {
        guard objects else { return list.firstIndex { GoEquality.equal($0, item) } }
        let key = mergeKey ?? ""
        let value = Members(item.members ?? [])[key]
        return list.firstIndex { GoEquality.equal(Members($0.members ?? [])[key], value) }
    }
}
