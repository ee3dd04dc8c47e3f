/// A JSON value as a policy line holds it. Numbers keep their text: no policy field is a number, so a number
/// only ever needs naming in an error.
enum PolicyJSON {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([PolicyJSON])
    /// Keys in the order written, which makes error messages follow the line.
    case object([(key: String, value: PolicyJSON)])

    /// What a value is, in the words an error message uses.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
