/// The members a Go struct always has, filled in where an object lacks them. kube-apiserver decodes every
/// object it is given into its Go type, so a non-pointer struct member is there as `{}` and a time as null
/// (a container's `resources: {}`, a pod condition's `lastProbeTime: null`, a template's
/// `creationTimestamp: null`), in what it stores and in what its field manager sees: the creator of a pod
/// owns `f:resources` as kube's managedFields show.
public struct GoValueFields: Sendable {
    public let schema: ApplySchema

    public init(schema: ApplySchema = .shared) { self.schema = schema }

    /// Fills the value fields of `object`, an object of `apiVersion` `kind`, at every depth.
    public func fill(_ object: inout JSONValue, apiVersion: String, kind: String) {
        guard let type = schema.objectType(apiVersion: apiVersion, kind: kind) else { return }
        fill(&object, type)
    }

    func fill(_ value: inout JSONValue, _ type: FieldType) {
        switch type {
        case .structure(let i, _):
            let structure = schema.structureList[i]
            guard !(structure.valueFields.isEmpty && structure.holdingValueFields.isEmpty),
                case .object(var members) = value
            else { return }
            value = .null  // the members are edited in place
            for (name, zero) in structure.valueFields where !members.contains(where: { $0.key == name }) {
                members.append((name, zero))
            }
            for (name, memberType) in structure.holdingValueFields {
                for k in members.indices where members[k].key == name { fill(&members[k].value, memberType) }
            }
            value = .object(members)
        case .list(let element, _):
            guard case .array(var items) = value else { return }
            value = .null
            for k in items.indices { fill(&items[k], element) }
            value = .array(items)
        case .map(let element, _):
            guard case .object(var members) = value else { return }
            value = .null
            for k in members.indices { fill(&members[k].value, element) }
            value = .object(members)
        default:
            return
        }
    }
}
