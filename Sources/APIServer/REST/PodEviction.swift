import HTTP
import KubeAPI
import Storage

/// pods/eviction, the way `kubectl drain` deletes: a policy/v1 Eviction posted to the pod. There are no
/// PodDisruptionBudgets here to refuse it, so an eviction is the delete its deleteOptions describe
/// (preconditions and dryRun honoured), answered as kube-apiserver answers it: a Success Status, 201.
extension ResourceHandler {
    /// `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}`.
    static let createdStatus = JSONValue.object([
        ("kind", .string("Status")), ("apiVersion", .string("v1")), ("metadata", .object([])),
        ("status", .string("Success")),
        ("code", .int(201)),
    ])

    func evict(_ r: RESTRequest, _ exchange: Exchange) throws {
        let eviction = try decodeBody(exchange, r, expectedKind: "Eviction", expectedAPIVersion: "policy/v1")
        if let name = eviction[["metadata", "name"]]?.string, !name.isEmpty, name != r.name {
            throw StatusError.badRequest("name in URL does not match name in Eviction object")
        }
        guard store.get(r.key) != nil else { throw r.notFound }
        let options = eviction["deleteOptions"] ?? .object([])
        let dryRun = r.dryRun || (options["dryRun"]?.array?.contains(.string("All")) ?? false)
        if dryRun {
            exchange.respond(ResourceResponses.object(.created, Self.createdStatus, r.format))
            return
        }
        store.delete(r.key, preconditions: Self.preconditions(options), tombstone: Self.tombstone) { result in
            switch result {
            case .success: exchange.respond(ResourceResponses.object(.created, Self.createdStatus, r.format))
            case .failure(let error): exchange.respond(ResourceResponses.failure(r.storeError(error), r.format))
            }
        }
    }
}
