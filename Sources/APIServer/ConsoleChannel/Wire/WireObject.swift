import KubeAPI

/// Reading a JSON object of the wire format with errors that name the field (`ports[1].stats.requests:
/// expected an integer`). Unknown members are ignored, as the format promises.
struct WireObject {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) throws(ConsoleWireError) {
        guard case .object = value else {
            throw ConsoleWireError("\(path.isEmpty ? "frame" : path): expected an object, got \(value.typeName)")
        }
        self.value = value
        self.path = path
    }

    static func parse(_ bytes: [UInt8], what: String) throws(ConsoleWireError) -> WireObject {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw ConsoleWireError("\(what): \(error)") }
        return try WireObject(value, path: "")
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { value[key] != nil }

    private func member(_ key: String) throws(ConsoleWireError) -> JSONValue {
        guard let v = value[key] else { throw ConsoleWireError("\(name(key)): missing") }
        return v
    }

    private func wrong(_ key: String, _ expected: String, _ got: JSONValue) -> ConsoleWireError {
        ConsoleWireError("\(name(key)): expected \(expected), got \(got.typeName)")
    }

    func string(_ key: String) throws(ConsoleWireError) -> String {
        let v = try member(key)
        guard let s = v.string else { throw wrong(key, "a string", v) }
        return s
    }

    /// A string, or nil for null or a missing member.
    func optionalString(_ key: String) throws(ConsoleWireError) -> String? {
        guard let v = value[key], !v.isNull else { return nil }
        guard let s = v.string else { throw wrong(key, "a string or null", v) }
        return s
    }

    func int(_ key: String) throws(ConsoleWireError) -> Int {
        let v = try member(key)
        guard case .number(let text) = v, let n = Int(text) else { throw wrong(key, "an integer", v) }
        return n
    }

    func int64(_ key: String) throws(ConsoleWireError) -> Int64 { Int64(try int(key)) }

    func double(_ key: String) throws(ConsoleWireError) -> Double {
        let v = try member(key)
        guard case .number(let text) = v, let d = Double(text) else { throw wrong(key, "a number", v) }
        return d
    }

    func bool(_ key: String) throws(ConsoleWireError) -> Bool {
        let v = try member(key)
        guard let b = v.bool else { throw wrong(key, "a boolean", v) }
        return b
    }

    func strings(_ key: String) throws(ConsoleWireError) -> [String] {
        let v = try member(key)
        guard let items = v.array else { throw wrong(key, "an array of strings", v) }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.string else {
                throw ConsoleWireError("\(name(key))[\(i)]: expected a string, got \(item.typeName)")
            }
            out.append(s)
        }
        return out
    }

    func ints(_ key: String) throws(ConsoleWireError) -> [Int] {
        let v = try member(key)
        guard let items = v.array else { throw wrong(key, "an array of integers", v) }
        var out: [Int] = []
        for (i, item) in items.enumerated() {
            guard case .number(let text) = item, let n = Int(text) else {
                throw ConsoleWireError("\(name(key))[\(i)]: expected an integer, got \(item.typeName)")
            }
            out.append(n)
        }
        return out
    }

    func object(_ key: String) throws(ConsoleWireError) -> WireObject {
        try WireObject(try member(key), path: name(key))
    }

    /// An object, or nil for null.
    func optionalObject(_ key: String) throws(ConsoleWireError) -> WireObject? {
        let v = try member(key)
        return v.isNull ? nil : try WireObject(v, path: name(key))
    }

    func objects(_ key: String) throws(ConsoleWireError) -> [WireObject] {
        let v = try member(key)
        guard let items = v.array else { throw wrong(key, "an array", v) }
        var out: [WireObject] = []
        for (i, item) in items.enumerated() { out.append(try WireObject(item, path: "\(name(key))[\(i)]")) }
        return out
    }

    /// Each object of an array decoded by `decode`.
    func list<T>(_ key: String, _ decode: (WireObject) throws(ConsoleWireError) -> T) throws(ConsoleWireError) -> [T] {
        var out: [T] = []
        for item in try objects(key) { out.append(try decode(item)) }
        return out
    }

    /// A string member naming one of `T`'s cases.
    func enumeration<T>(_ key: String, _ make: (String) -> T?) throws(ConsoleWireError) -> T {
        let s = try string(key)
        guard let v = make(s) else { throw ConsoleWireError("\(name(key)): unknown value \(JSON.quote(s))") }
        return v
    }
}

/// Building the wire's JSON: the shapes the format uses, without Foundation's encoder.
enum WireJSON {
    static func int(_ n: Int) -> JSONValue { .number(String(n)) }
    static func int64(_ n: Int64) -> JSONValue { .number(String(n)) }
    /// Finite numbers as JSON numbers; NaN and infinities (never produced) as 0.
    static func double(_ d: Double) -> JSONValue { d.isFinite ? .number(String(d)) : .number("0") }
    static func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }
    static func ints(_ items: [Int]) -> JSONValue { .array(items.map(int)) }
}
