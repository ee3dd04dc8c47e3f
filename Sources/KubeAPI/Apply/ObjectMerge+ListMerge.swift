extension ObjectMerge {
    /// An associative list's merge, in visitListItems' order: elements only in the live list keep their
    /// places, the configuration's elements come in its order, each shared element merged where the
    /// configuration puts it.
    struct ListMerge {
        let merge: ObjectMerge
        let element: FieldType
        let kind: FieldType.ListKind

        func merged(_ live: JSONValue?, _ lhs: [JSONValue], _ rhs: [JSONValue]) -> Outcome {
            let schema = merge.schema
            if rhs.isEmpty { return mergedAlone(live, lhs) }
            let rhsPEs = rhs.map { schema.pathElement(of: $0, element: element, kind: kind) }
            let lhsPEs = lhs.map { schema.pathElement(of: $0, element: element, kind: kind) }
            var observedRHS: [PathElement: JSONValue] = [:]
            for (pe, item) in zip(rhsPEs, rhs) { if case .success(let pe) = pe { observedRHS[pe] = item } }
            // A key repeated in the live list is not merged: its entry stands for null.
            var observedLHS: [PathElement: JSONValue] = [:]
            // Whether the result is still the live list, element for element, in place.
            var isLive = true
            for (pe, item) in zip(lhsPEs, lhs) {
                guard case .success(let pe) = pe else { continue }
                if observedLHS[pe] == nil {
                    observedLHS[pe] = item
                } else {
                    observedLHS[pe] = .null
                    isLive = false
                }
            }
            // Unidentifiable elements were refused for the configuration and are skipped in the live list.
            let r: [PathElement] = rhsPEs.compactMap { try? $0.get() }
            let l: [(pe: PathElement, item: JSONValue)] = zip(lhsPEs, lhs).compactMap { pe, item in
                (try? pe.get()).map { ($0, item) }
            }
            if l.count < lhs.count { isLive = false }
            var shared = r.filter { observedLHS[$0] != nil }[...]
            var nextShared = shared.popFirst()
            var mergedRHS = Set<PathElement>()
            var out: [JSONValue] = []
            out.reserveCapacity(max(l.count, r.count))
            /// Appends a merged element; the list stays the live one while each element is the live
            /// element of that position, unchanged.
            func append(_ live: JSONValue?, _ config: JSONValue?, at position: Int?) {
                let outcome = merge.merged(live.flatMap { $0.isNull ? nil : $0 }, config, type: element)
                guard let value = outcome.value else {
                    isLive = false
                    return
                }
                if !outcome.isLive || live?.isNull != false || position != out.count { isLive = false }
                out.append(value)
            }
            var li = 0, ri = 0
            while li < l.count || ri < r.count {
                if li < l.count && ri < r.count {
                    let pe = l[li].pe
                    if pe == r[ri] {
                        mergedRHS.insert(pe)
                        append(observedLHS[pe], observedRHS[pe], at: li)
                        li += 1
                        ri += 1
                        nextShared = shared.popFirst()
                        continue
                    }
                    if observedRHS[pe] != nil, let next = nextShared, next != pe {
                        li += 1  // shared, but not the one due now: it is merged where the configuration has it
                        isLive = false
                        continue
                    }
                }
                if li < l.count {
                    let pe = l[li].pe
                    if observedRHS[pe] == nil {
                        append(l[li].item, nil, at: li)
                        li += 1
                        continue
                    } else if mergedRHS.contains(pe) {
                        li += 1
                    }
                }
                if ri < r.count {
                    let pe = r[ri]
                    mergedRHS.insert(pe)
                    // Merged here, at the configuration's place: the live list's order no longer holds.
                    append(observedLHS[pe], observedRHS[pe], at: nil)
                    ri += 1
                    if let next = nextShared, next == pe { nextShared = shared.popFirst() }
                }
            }
            if isLive && out.count == lhs.count { return .live(live) }
            return .new(out.isEmpty ? nil : .array(out))
        }

        /// Nothing applied to the list: each live element in its place, merged with nothing (which drops
        /// its nulls), and the unidentifiable ones dropped.
        private func mergedAlone(_ live: JSONValue?, _ lhs: [JSONValue]) -> Outcome {
            var out: [JSONValue]? = nil
            for (i, item) in lhs.enumerated() {
                let outcome =
                    merge.schema.identifies(item, element: element, kind: kind)
                    ? merge.merged(item, nil, type: element) : .new(nil)
                if outcome.isLive {
                    out?.append(item)
                    continue
                }
                if out == nil { out = Array(lhs[..<i]) }
                if let value = outcome.value { out!.append(value) }
            }
            guard let out else { return .live(live) }
            return .new(out.isEmpty ? nil : .array(out))
        }
    }
}
