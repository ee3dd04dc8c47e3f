import KubeAPI

/// The three patch types applied to a document. Input: byte 0 picks the type (and, for strategic merge,
/// the kind whose merge keys apply); the rest is the document, a NUL byte, then the patch. A document
/// that is not a JSON object is skipped (the store only holds objects). Whatever applies must apply the
/// same way twice and give an object that round-trips as JSON; a merge patch applied to its own result
/// changes nothing (RFC 7386 patches are idempotent). A strategic merge patch is not idempotent in kube
/// either (a list element without its merge key is taken as is into an empty list, and refused when
/// merged the second time), so it is only held to the rest.
enum PatchChecks {
    static let kinds = ["Pod", "Service", "ConfigMap", "Node", "Endpoints", "Namespace"]

    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let selector = input.first else { return }
        let rest = input.dropFirst()
        let split = rest.firstIndex(of: 0)
        let documentBytes = split.map { Array(rest[..<$0]) } ?? Array("{}".utf8)
        let patch = split.map { Array(rest[rest.index(after: $0)...]) } ?? Array(rest)
        guard let document = try? JSONParser.parse(documentBytes), case .object = document else { return }
        let type = [PatchType.json, .merge, .strategic][Int(selector % 3)]
        let kind = kinds[Int(selector / 3) % kinds.count]
        guard let result = try? Patcher.apply(type, patch: patch, to: document, kind: kind) else { return }
        guard let again = try? Patcher.apply(type, patch: patch, to: document, kind: kind), again == result else {
            throw FuzzFailure("\(type) patch applied twice to the same document gives different results")
        }
        guard case .object = result else { throw FuzzFailure("\(type) patch gave \(result.typeName)") }
        try JSONChecks.roundTrip(result, what: "\(type)-patched document")
        // kube decodes patches into Go maps: a repeated key's last value is all there is.
        if let parsed = try? JSONParser.parse(patch) {
            let decoded = parsed.goMapDecoded
            guard let viaGo = try? Patcher.apply(type, patch: decoded.bytes, to: document, kind: kind), viaGo == result
            else {
                throw FuzzFailure(
                    "\(type) patch with repeated keys is not applied as its last values alone: \(result.text)")
            }
        }
        if type == .merge {
            let twice: JSONValue
            do { twice = try Patcher.apply(type, patch: patch, to: result, kind: kind) } catch {
                throw FuzzFailure("\(type) patch applies to the document but not to its own result: \(error)")
            }
            guard twice == result else {
                throw FuzzFailure("\(type) patch is not idempotent: once \(result.text), twice \(twice.text)")
            }
        }
    }
}
