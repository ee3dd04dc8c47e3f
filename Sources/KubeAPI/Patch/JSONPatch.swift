/// RFC 6902 JSON patch as kube-apiserver applies it (gopkg.in/evanphx/json-patch.v4): the same operations,
/// the same quirks (a replace of a missing member adds it, negative indexes count from the end, a missing
/// "value" means null) and the same error texts, which kube keeps in `detail` behind its generic 422.
enum JSONPatch {
    /// kube-apiserver's maxJSONPatchOperations.
    static let maxOperations = 10_000

    static func apply(_ bytes: [UInt8], to original: JSONValue) throws(PatchError) -> JSONValue {
        let operations = try decode(bytes)
        var doc = original
        for op in operations {
            do throws(PointerFailure) {
                try apply(op, to: &doc)
            } catch {
                throw PatchError.unprocessable(error.message)
            }
        }
        return doc
    }

    /// jsonpatch.DecodePatch: an array (or null) of objects (or nulls); anything else is a 400.
    static func decode(_ bytes: [UInt8]) throws(PatchError) -> [Members] {
        let parsed: JSONValue
        do throws(JSONParser.Failure) { parsed = try JSONParser.parse(bytes) } catch {
            throw PatchError.badRequest(error.message)
        }
        let elements: [JSONValue]
        switch parsed {
        case .null: elements = []
        case .array(let a): elements = a
        default:
            throw PatchError.badRequest(
                "json: cannot unmarshal \(goKind(parsed)) into Go value of type jsonpatch.Patch")
        }
        guard elements.count <= maxOperations else {
            throw PatchError.tooLarge(
                "The allowed maximum operations in a JSON patch is \(maxOperations), got \(elements.count)")
        }
        var operations: [Members] = []
        for element in elements {
            switch element {
            case .object(let m): operations.append(Members(m))
            case .null: operations.append(Members())
            default:
                throw PatchError.badRequest(
                    "json: cannot unmarshal \(goKind(element)) into Go value of type jsonpatch.Operation")
            }
        }
        return operations
    }

    private static func apply(_ op: Members, to doc: inout JSONValue) throws(PointerFailure) {
        let kind = op["op"]?.string ?? "unknown"
        // A missing "value" and "value": null both reach the document as null.
        let value = op["value"] ?? .null
        switch kind {
        case "add": try add(op, value, &doc)
        case "remove": try remove(op, &doc)
        case "replace": try replace(op, value, &doc)
        case "move": try move(op, &doc)
        case "copy": try copy(op, &doc)
        case "test": try test(op, value, doc)
        default: throw PointerFailure(message: "Unexpected kind: \(kind)")
        }
    }

    private static func add(_ op: Members, _ value: JSONValue, _ doc: inout JSONValue) throws(PointerFailure) {
        guard let path = try? field(op, "path") else {
            throw PointerFailure(message: "add operation failed to decode path: missing value")
        }
        let missing = "add operation does not apply: doc is missing path: \"\(path)\": missing value"
        guard let pointer = JSONPointer(path) else { throw PointerFailure(message: missing) }
        let found: Bool
        do throws(PointerFailure) {
            found = try pointer.editParent(
                in: &doc, { (c) throws(PointerFailure) in try JSONContainer.add(&c, pointer.key, value) })
        } catch {
            throw PointerFailure(message: "error in add for path: '\(path)': \(error.message)")
        }
        guard found else { throw PointerFailure(message: missing) }
    }

    private static func remove(_ op: Members, _ doc: inout JSONValue) throws(PointerFailure) {
        guard let path = try? field(op, "path") else {
            throw PointerFailure(message: "remove operation failed to decode path: missing value")
        }
        let missing = "remove operation does not apply: doc is missing path: \"\(path)\": missing value"
        guard let pointer = JSONPointer(path) else { throw PointerFailure(message: missing) }
        let found: Bool
        do throws(PointerFailure) {
            found = try pointer.editParent(
                in: &doc, { (c) throws(PointerFailure) in try JSONContainer.remove(&c, pointer.key) })
        } catch {
            throw PointerFailure(message: "error in remove for path: '\(path)': \(error.message)")
        }
        guard found else { throw PointerFailure(message: missing) }
    }

    private static func replace(_ op: Members, _ value: JSONValue, _ doc: inout JSONValue) throws(PointerFailure) {
        let path = try decoded(op, "path", "replace operation failed to decode path")
        if path.isEmpty {
            // The whole document, which must stay an object or an array.
            guard JSONContainer.isContainer(value) else {
                throw PointerFailure(message: "replace operation value must be object or array")
            }
            doc = value
            return
        }
        guard let pointer = JSONPointer(path), let parent = pointer.parent(in: doc) else {
            throw PointerFailure(
                message: "replace operation does not apply: doc is missing path: \(path): missing value")
        }
        // Only an array index can fail this lookup: the library's get never fails for an object member, so
        // replacing a missing member adds it.
        do throws(PointerFailure) { _ = try JSONContainer.get(parent, pointer.key) } catch {
            throw PointerFailure(
                message: "replace operation does not apply: doc is missing key: \(path): missing value")
        }
        do throws(PointerFailure) {
            _ = try pointer.editParent(in: &doc) { (c) throws(PointerFailure) in
                try JSONContainer.set(&c, pointer.key, value)
            }
        } catch {
            throw PointerFailure(message: "error in remove for path: '\(path)': \(error.message)")
        }
    }

    private static func move(_ op: Members, _ doc: inout JSONValue) throws(PointerFailure) {
        let from = try decoded(op, "from", "move operation failed to decode from")
        guard let source = JSONPointer(from), let parent = source.parent(in: doc) else {
            throw PointerFailure(
                message: "move operation does not apply: doc is missing from path: \(from): missing value")
        }
        // The library names the last token, not the path, in these two messages.
        let value: JSONValue
        do throws(PointerFailure) {
            value = try JSONContainer.get(parent, source.key) ?? .null
            _ = try source.editParent(in: &doc) { (c) throws(PointerFailure) in try JSONContainer.remove(&c, source.key)
            }
        } catch {
            throw PointerFailure(message: "error in move for path: '\(source.key)': \(error.message)")
        }
        let path = try decoded(op, "path", "move operation failed to decode path")
        let missing = "move operation does not apply: doc is missing destination path: \(path): missing value"
        guard let target = JSONPointer(path) else { throw PointerFailure(message: missing) }
        let found: Bool
        do throws(PointerFailure) {
            found = try target.editParent(
                in: &doc, { (c) throws(PointerFailure) in try JSONContainer.add(&c, target.key, value) })
        } catch {
            throw PointerFailure(message: "error in move for path: '\(path)': \(error.message)")
        }
        guard found else { throw PointerFailure(message: missing) }
    }

    private static func copy(_ op: Members, _ doc: inout JSONValue) throws(PointerFailure) {
        let from = try decoded(op, "from", "copy operation failed to decode from")
        guard let source = JSONPointer(from), let parent = source.parent(in: doc) else {
            throw PointerFailure(
                message: "copy operation does not apply: doc is missing from path: \(from): missing value")
        }
        // A missing object member copies as null: the library's get returns nothing rather than failing.
        let value: JSONValue
        do throws(PointerFailure) { value = try JSONContainer.get(parent, source.key) ?? .null } catch {
            throw PointerFailure(message: "error in copy for from: '\(from)': \(error.message)")
        }
        guard let path = try? field(op, "path") else {
            throw PointerFailure(message: "copy operation failed to decode path: missing value")
        }
        let missing = "copy operation does not apply: doc is missing destination path: \(path): missing value"
        guard let target = JSONPointer(path) else { throw PointerFailure(message: missing) }
        let found: Bool
        do throws(PointerFailure) {
            found = try target.editParent(
                in: &doc, { (c) throws(PointerFailure) in try JSONContainer.add(&c, target.key, value) })
        } catch {
            throw PointerFailure(message: "error while adding value during copy: \(error.message)")
        }
        guard found else { throw PointerFailure(message: missing) }
    }

    private static func test(_ op: Members, _ expected: JSONValue, _ doc: JSONValue) throws(PointerFailure) {
        let path = try decoded(op, "path", "test operation failed to decode path")
        let failed = PointerFailure(message: "testing value \(path) failed: test failed")
        if path.isEmpty {
            guard sameJSON(doc, expected) else { throw failed }
            return
        }
        guard let pointer = JSONPointer(path), let parent = pointer.parent(in: doc) else {
            throw PointerFailure(message: "test operation does not apply: is missing path: \(path): missing value")
        }
        let actual: JSONValue?
        do throws(PointerFailure) { actual = try JSONContainer.get(parent, pointer.key) } catch {
            throw PointerFailure(message: "error in test for path: '\(path)': \(error.message)")
        }
        // Missing and null both match null, and only null.
        guard let actual else {
            guard expected.isNull else { throw failed }
            return
        }
        guard sameJSON(actual, expected) else { throw failed }
    }

    /// A string field of the operation; Operation.Path/From's errors.
    private static func field(_ op: Members, _ name: String) throws(PointerFailure) -> String {
        guard let v = op[name], !v.isNull else {
            throw PointerFailure(message: "operation missing \(name) field: missing value")
        }
        guard let s = v.string else {
            throw PointerFailure(message: "json: cannot unmarshal \(goKind(v)) into Go value of type string")
        }
        return s
    }

    private static func decoded(_ op: Members, _ name: String, _ context: String) throws(PointerFailure) -> String {
        do throws(PointerFailure) { return try field(op, name) } catch {
            throw PointerFailure(message: "\(context): \(error.message)")
        }
    }

    /// lazyNode.equal: structure compared, numbers by their text ("1" is not "1.0"), member order ignored.
    static func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x == y
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        case let (.object(x), .object(y)):
            let right = Members(y)
            return x.count == y.count && x.allSatisfy { m in right[m.key].map { sameJSON(m.value, $0) } ?? false }
        default: return a == b
        }
    }

    /// The JSON kind Go's UnmarshalTypeError names.
    static func goKind(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
