/// Where the Go value fields are: which members lead, through structures, lists and maps, to a structure
/// that has some, so that filling them in visits only those members.
extension ApplySchema {
    /// A value field's zero as Go writes it: a time is null, a struct `{}`.
    static func zero(of field: SchemaField, _ registry: SchemaRegistry) -> JSONValue {
        guard case .message(let name) = field.type else { return .object([]) }
        switch registry[name]?.special {
        case .time?, .microTime?: return .null
        default: return .object([])
        }
    }

    /// Sets `holdingValueFields` of every structure: the members whose type reaches a structure with value
    /// fields (a fixpoint over the type graph, which has cycles through lists).
    static func findHoldersOfValueFields(_ list: inout [Structure]) {
        var reaches = Set(list.indices.filter { !list[$0].valueFields.isEmpty })
        func structureIndex(in type: FieldType) -> Int? {
            switch type {
            case .structure(let i, _): i
            case .list(let element, _), .map(let element, _): structureIndex(in: element)
            default: nil
            }
        }
        var changed = true
        while changed {
            changed = false
            for i in list.indices where !reaches.contains(i) {
                let holds = list[i].fields.values.contains { structureIndex(in: $0).map(reaches.contains) ?? false }
                if holds {
                    reaches.insert(i)
                    changed = true
                }
            }
        }
        for i in list.indices where reaches.contains(i) {
            list[i].holdingValueFields = list[i].fields.compactMap { name, type in
                structureIndex(in: type).map(reaches.contains) == true ? (name, type) : nil
            }.sorted { $0.name < $1.name }
        }
    }
}
