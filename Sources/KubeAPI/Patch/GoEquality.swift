/// Go's `==` on decoded JSON scalars: same dynamic type and value, so 1 (int64) is not 1.5 or "1".
enum GoEquality {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)):
            if let i = Int64(x), let j = Int64(y) { return i == j }
            if Int64(x) != nil || Int64(y) != nil { return false }
            return Double(x) == Double(y)
        default:
            return a == b
        }
    }

    static func equal(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): equal(x, y)
        default: false
        }
    }
}
