import HTTP
import KubeAPI
import Storage

/// The REST verbs of one API: get, list, watch, create, update, patch, delete, deletecollection, over the
/// store. Reads answer inline from the store's memory; writes answer from the store's completion (after the
/// group commit's fsync), so no I/O loop ever waits on the disk.
final class ResourceHandler: Sendable {
    let store: any Store
    let codecs: RESTCodecs
    /// Server-wide watch settings (bookmark interval, timeouts).
    let watchSettings: WatchSettings
    /// Server-side applies that changed nothing, answered again without redoing them.
    let unchangedApplies = UnchangedApplies()

    init(store: any Store, codecs: RESTCodecs, watchSettings: WatchSettings = WatchSettings()) {
        self.store = store
        self.codecs = codecs
        self.watchSettings = watchSettings
    }

    func handle(_ request: consuming RESTRequest, _ exchange: Exchange) {
        var r = request  // moved, not copied: the router hands it over
        r.format = ResponseFormat.negotiate(accept: exchange.request.headers["accept"])
        do {
            if r.resource.name == "componentstatuses" {
                try ComponentStatuses.handle(r, exchange, store: store, codecs: codecs)
                return
            }
            // Verbs on an object need its name; a collection takes only create, list, watch and deletecollection.
            if r.name.isEmpty != Self.isCollectionVerb(r.verb) && r.subresource.isEmpty
                && !(r.verb == "create" && !r.name.isEmpty && r.resource.name == "namespaces")
            {
                throw StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path)
            }
            switch (r.verb, r.subresource) {
            case ("get", ""), ("get", "status"): try get(r, exchange)
            case ("list", ""): try list(r, exchange)
            case ("watch", ""): try watch(r, exchange)
            case ("create", ""): try create(r, exchange)
            case ("create", "binding") where r.resource.name == "pods": try bind(r, exchange)
            case ("create", "eviction") where r.resource.name == "pods": try evict(r, exchange)
            case ("get", "scale") where r.resource.subresources.contains("scale"): try getScale(r, exchange)
            case ("update", "scale") where r.resource.subresources.contains("scale"): try updateScale(r, exchange)
            case ("patch", "scale") where r.resource.subresources.contains("scale"): try patchScale(r, exchange)
            case ("update", ""), ("update", "status"): try update(r, exchange)
            case ("patch", ""), ("patch", "status"): try patch(r, exchange)
            case ("delete", ""): try delete(r, exchange)
            case ("deletecollection", ""): try deleteCollection(r, exchange)
            case (_, let sub) where !sub.isEmpty && !r.resource.subresources.contains(sub):
                throw StatusError.notFound(r.resource.name + "/" + sub, r.name, group: r.resource.group)
            default:
                throw StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path)
            }
        } catch let status as StatusError {
            exchange.respond(ResourceResponses.failure(status, r.format))
        } catch {
            exchange.respond(ResourceResponses.failure(StatusError.internalError("\(error)"), r.format))
        }
    }

    /// The verbs a collection takes. A switch, not an array literal's `contains`: that allocated an array
    /// of four Strings on every request.
    static func isCollectionVerb(_ verb: String) -> Bool {
        switch verb {
        case "create", "list", "watch", "deletecollection": true
        default: false
        }
    }

    // MARK: - Reads (from memory)

    private func get(_ r: RESTRequest, _ exchange: Exchange) throws {
        guard let object = store.get(r.key) else { throw r.notFound }
        if r.format.isTable {
            let table = codecs.table(
                r.resource, [try parse(object.value)], wallClockNanoseconds(), includeObject(r), object.resourceVersion,
                nil)
            exchange.respond(Self.json(.ok, table.bytes))
            return
        }
        exchange.respond(ResourceResponses.object(.ok, object, r.format))
    }

    private func list(_ r: RESTRequest, _ exchange: Exchange) throws {
        var exact: Int64?
        if r.option("resourceVersionMatch") == "Exact", let rv = r.resourceVersion {
            guard let n = Int64(rv) else { throw StatusError.badRequest("invalid resourceVersion: \(rv)") }
            exact = n
        }
        let request = ListRequest(
            resource: r.resource.name, namespace: r.listNamespace, labelSelector: try r.labelSelector,
            fieldSelector: try r.fieldSelector, limit: r.limit, continueToken: r.option("continue"), revision: exact)
        let result: ListResult
        do {
            result = try store.list(request)
        } catch {
            throw r.storeError(error)
        }
        if r.format.isTable {
            let objects = try result.items.map { try parse($0.value) }
            let table = codecs.table(
                r.resource, objects, wallClockNanoseconds(), includeObject(r), String(result.revision),
                result.continueToken)
            exchange.respond(Self.json(.ok, table.bytes))
            return
        }
        exchange.respond(
            ResourceResponses.list(
                r.resource, result.items, resourceVersion: String(result.revision),
                continueToken: result.continueToken, r.format))
    }

    private func watch(_ r: RESTRequest, _ exchange: Exchange) throws {
        try WatchSession.start(
            r, exchange, store: store, codecs: codecs, settings: watchSettings, includeObject: includeObject(r))
    }

    func includeObject(_ r: RESTRequest) -> String { r.option("includeObject") ?? "Metadata" }

    // MARK: - Helpers shared by the verbs

    func parse(_ bytes: [UInt8]) throws -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch {
            throw StatusError.internalError("stored object is not JSON: \(error)")
        }
    }

    /// Built once: every JSON answer shares the one array (building it cost an allocation per response).
    private static let jsonHeaders = HTTPHeaders([("Content-Type", "application/json")])

    static func json(_ status: HTTPStatus, _ body: [UInt8], warnings: [String] = []) -> HTTPResponse {
        var headers = jsonHeaders
        for warning in warnings { headers.add("Warning", "299 - \(JSON.quote(warning))") }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// The final bytes of an object, with the resourceVersion the store gives it: serialized here, once,
    /// and completed inside the group commit by splicing in the revision.
    static func draft(_ object: JSONValue, resource: ResourceInfo) -> ObjectDraft {
        let template = JSONTemplate(object, openStringAt: ["metadata", "resourceVersion"])
        return ObjectDraft(
            labels: ObjectRules.labels(object), fields: ObjectRules.fields(object, resource: resource.name),
            encode: { revision in template.filled(with: String(revision)) }, withoutRevision: { template.withoutHole() }
        )
    }

    /// Answers from a store completion: the object, or the Status for the refusal, in the request's format.
    static func answer(_ exchange: Exchange, _ status: HTTPStatus, _ r: RESTRequest, warnings: [String] = [])
        -> WriteCompletion
    {
        { result in
            switch result {
            case .success(let object):
                exchange.respond(ResourceResponses.object(status, object, r.format, warnings: warnings))
            case .failure(let error): exchange.respond(ResourceResponses.failure(r.storeError(error), r.format))
            }
        }
    }
}
