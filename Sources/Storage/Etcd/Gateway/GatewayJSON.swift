/// A JSON document as etcd's gRPC gateway writes it: objects of snake_case fields, int64 and uint64 as
/// decimal strings, bytes as base64 strings, fields at their zero value left out. Only what the store
/// needs: no number arithmetic, object members by name.
enum GatewayJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text (the gateway quotes 64-bit integers anyway).
    case number(String)
    case string(String)
    case array([GatewayJSON])
    case object([String: GatewayJSON])

    /// Nesting deeper than this is refused (the gateway's messages are four or five levels deep).
    static let maxDepth = 32

    subscript(_ key: String) -> GatewayJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var array: [GatewayJSON] { if case .array(let a) = self { return a } else { return [] } }
    var bool: Bool { if case .bool(let b) = self { return b } else { return false } }

    /// An int64 field: a quoted decimal (how the gateway writes them) or a bare number.
    var int64: Int64? {
        switch self {
        case .string(let s), .number(let s): return Int64(s)
        default: return nil
        }
    }

    /// A uint64 field (member and cluster IDs).
    var uint64: UInt64? {
        switch self {
        case .string(let s), .number(let s): return UInt64(s)
        default: return nil
        }
    }

    /// A bytes field: base64 text decoded.
    var bytes: [UInt8]? { string.flatMap(Base64.decode) }

    /// An int64 member that is absent when zero.
    func int64(_ key: String) -> Int64 { self[key]?.int64 ?? 0 }

    /// A bytes member that is absent when empty.
    func bytes(_ key: String) -> [UInt8] { self[key]?.bytes ?? [] }
}
