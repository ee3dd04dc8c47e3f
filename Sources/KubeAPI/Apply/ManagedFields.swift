/// An object's `metadata.managedFields`, decoded: for each manager the fields it owns, the API version they
/// are in, whether it applied them, and when it last changed the object (internal/managedfields.go).
public struct ManagedFields: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var set: FieldSet
        public var apiVersion: String
        /// Owned by applying (operation Apply), not by writing the object (Update).
        public var applied: Bool
    }

    public var entries: [ManagerIdentity: Entry] = [:]
    /// The time of each manager's last change; a manager may have none (a no-op first apply).
    public var times: [ManagerIdentity: String] = [:]

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// Why an object's managedFields could not be read (DecodeManagedFields' messages).
    public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads `metadata.managedFields`; nil (absent or null) reads as empty. A later entry for the same
    /// manager replaces an earlier one, as upstream's map does.
    public init(decoding list: JSONValue?) throws(DecodeError) {
        guard let list, !list.isNull else { return }
        guard case .array(let items) = list else { throw DecodeError(message: "managedFields must be a list") }
        for (i, item) in items.enumerated() {
            let operation = item["operation"]?.string ?? ""
            guard operation == ManagerIdentity.apply || operation == ManagerIdentity.update else {
                throw DecodeError(message: "operation must be `Apply` or `Update`")
            }
            let apiVersion = item["apiVersion"]?.string ?? ""
            guard !apiVersion.isEmpty else { throw DecodeError(message: "apiVersion must not be empty") }
            switch item["fieldsType"]?.string ?? "" {
            case "FieldsV1": break
            case "": throw DecodeError(message: "missing fieldsType in managed fields entry \(i)")
            case let other:
                throw DecodeError(message: "invalid fieldsType \(GoQuote.quote(other)) in managed fields entry \(i)")
            }
            let identity = ManagerIdentity(
                manager: item["manager"]?.string ?? "", operation: operation, apiVersion: apiVersion,
                subresource: item["subresource"]?.string ?? "")
            let set: FieldSet
            do { set = try FieldSet(fieldsV1: item["fieldsV1"] ?? .object([])) } catch {
                throw DecodeError(
                    message: "error decoding versioned set from \(identity.identifier): error decoding set: \(error)")
            }
            entries[identity] = Entry(set: set, apiVersion: apiVersion, applied: operation == ManagerIdentity.apply)
            times[identity] = item["time"]?.string
        }
    }

    /// isResetManagedFields: a client asks to drop all tracking with `managedFields: []` (or one empty entry).
    public static func isReset(_ list: JSONValue?) -> Bool {
        guard case .array(let items)? = list else { return false }
        if items.isEmpty { return true }
        return items.count == 1 && items[0].members?.isEmpty == true
    }

    /// The entries as `metadata.managedFields` carries them, ordered as upstream sorts them: Apply before
    /// Update, then by time, manager, apiVersion, subresource. nil when there are none.
    public var encoded: JSONValue? {
        guard !entries.isEmpty else { return nil }
        struct Row { let identity: ManagerIdentity; let entry: Entry; let time: String?; let seconds: Int64 }
        let rows = entries.map { identity, entry in
            let time = times[identity]
            return Row(
                identity: identity, entry: entry, time: time, seconds: time.flatMap(ManagedFieldsTime.seconds) ?? 0)
        }.sorted { p, q in
            let pOp = p.entry.applied ? ManagerIdentity.apply : p.identity.operation
            let qOp = q.entry.applied ? ManagerIdentity.apply : q.identity.operation
            if pOp != qOp { return FieldValue.bytewise(pOp, qOp) < 0 }
            if p.seconds != q.seconds { return p.seconds < q.seconds }
            if p.identity.manager != q.identity.manager {
                return FieldValue.bytewise(p.identity.manager, q.identity.manager) < 0
            }
            if p.entry.apiVersion != q.entry.apiVersion {
                return FieldValue.bytewise(p.entry.apiVersion, q.entry.apiVersion) < 0
            }
            return FieldValue.bytewise(p.identity.subresource, q.identity.subresource) < 0
        }
        return .array(
            rows.map { row in
                Self.entry(
                    manager: row.identity.manager,
                    operation: row.entry.applied ? ManagerIdentity.apply : row.identity.operation,
                    apiVersion: row.entry.apiVersion, time: row.time, fieldsV1: row.entry.set.fieldsV1,
                    subresource: row.identity.subresource)
            })
    }

    /// One entry of `metadata.managedFields`, members in ManagedFieldsEntry's order, empty ones left out.
    static func entry(
        manager: String, operation: String, apiVersion: String, time: String?, fieldsV1: JSONValue, subresource: String
    ) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(7)
        if !manager.isEmpty { members.append(("manager", .string(manager))) }
        if !operation.isEmpty { members.append(("operation", .string(operation))) }
        if !apiVersion.isEmpty { members.append(("apiVersion", .string(apiVersion))) }
        if let time { members.append(("time", .string(time))) }
        members.append(("fieldsType", .string("FieldsV1")))
        members.append(("fieldsV1", fieldsV1))
        if !subresource.isEmpty { members.append(("subresource", .string(subresource))) }
        return .object(members)
    }
}
