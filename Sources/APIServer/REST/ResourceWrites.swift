import Dispatch
import HTTP
import KubeAPI
import Storage

/// Create, update, patch, delete: decode, apply kube-apiserver's rules, hand to the store, answer from its
/// completion.
extension ResourceHandler {
    func create(_ r: RESTRequest, _ exchange: Exchange) throws {
        let options = try WriteOptions(r, exchange, kind: "CreateOptions")
        var object = try decodeBody(exchange, r)
        var name = object[["metadata", "name"]]?.string ?? ""
        var generateName = ""
        if name.isEmpty, let prefix = object[["metadata", "generateName"]]?.string, !prefix.isEmpty {
            generateName = prefix
            name = NameValidation.generatedName(prefix)
            object.set(path: ["metadata", "name"], .string(name))
        }
        if name.isEmpty {
            throw StatusError.invalid(
                kind: r.resource.kind, name: "",
                [FieldError(kind: .required, field: "metadata.name", detail: "name or generateName is required")])
        }
        try validateName(name, r)
        if r.resource.namespaced {
            if case .string(let ns)? = object[["metadata", "namespace"]], !ns.isEmpty, ns != r.namespace {
                throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            object.set(path: ["metadata", "namespace"], .string(r.namespace))
            try requireLiveNamespace(r.namespace)
        } else {
            object.set(path: ["metadata", "namespace"], nil)
        }
        let warnings = try fieldWarnings(object, r, exchange)
        // The creator owns the fields it set, decode defaults included (kube decodes them in before its field
        // manager); what the registry sets afterwards (a cluster IP, a namespace's finalizer) nobody owns.
        ObjectRules.applyDecodeDefaults(&object, resource: r.resource)
        object = ResourceFieldManagers.manager(r.resource, subresource: "").update(
            live: nil, new: object, manager: options.manager)
        if options.dryRun {
            ObjectRules.prepareForCreate(&object, resource: r.resource)
            exchange.respond(ResourceResponses.object(.created, object, r.format, warnings: warnings))
            return
        }
        let resource = r.resource, namespace = resource.namespaced ? r.namespace : ""
        let unprepared = object
        // Each attempt is a create of its own, as kube's: the name set, a fresh uid and creationTimestamp.
        let submit: GeneratedNameCreate.Submit = { [store] name, completion in
            var object = unprepared
            object.set(path: ["metadata", "name"], .string(name))
            ObjectRules.prepareForCreate(&object, resource: resource)
            store.create(
                ObjectKey(resource: resource.name, namespace: namespace, name: name),
                uid: object[["metadata", "uid"]]?.string ?? "",
                Self.draft(object, resource: resource), completion: completion)
        }
        let answer = DefaultServiceAccount.creating(
            after: Self.answer(exchange, .created, r, warnings: warnings),
            for: resource, store: store)
        guard !generateName.isEmpty else {
            submit(name, answer)
            return
        }
        GeneratedNameCreate(prefix: generateName, generate: NameValidation.generatedName, submit: submit).run(
            name: name
        ) { result, exhausted in
            guard exhausted, case .failure(.alreadyExists(let key)) = result else { return answer(result) }
            exchange.respond(
                ResourceResponses.failure(StatusError.generateNameConflict(resource.name, key.name), r.format))
        }
    }

    func update(_ r: RESTRequest, _ exchange: Exchange) throws {
        let options = try WriteOptions(r, exchange, kind: "UpdateOptions")
        var object = try decodeBody(exchange, r)
        let bodyName = object[["metadata", "name"]]?.string ?? ""
        guard bodyName == r.name else {
            throw StatusError.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(r.name))")
        }
        if r.resource.namespaced, case .string(let ns)? = object[["metadata", "namespace"]], !ns.isEmpty,
            ns != r.namespace
        {
            throw StatusError.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        guard let current = store.get(r.key) else { throw r.notFound }
        var preconditions = Preconditions()
        if let rv = object[["metadata", "resourceVersion"]]?.string, !rv.isEmpty {
            guard let n = Int64(rv) else {
                throw StatusError.invalid(
                    kind: r.resource.kind, name: r.name,
                    [
                        FieldError(
                            kind: .invalid, field: "metadata.resourceVersion",
                            detail: "must be specified for an update", value: rv)
                    ])
            }
            preconditions.revision = n
        }
        if let uid = object[["metadata", "uid"]]?.string, !uid.isEmpty { preconditions.uid = uid }
        let warnings = try fieldWarnings(object, r, exchange)
        let old = try parse(current.value)
        ObjectRules.applyDecodeDefaults(&object, resource: r.resource)
        ObjectRules.prepareForUpdate(&object, old: old, resource: r.resource, subresource: r.subresource)
        object = ResourceFieldManagers.manager(r.resource, subresource: r.subresource).update(
            live: old, new: object, manager: options.manager)
        if options.dryRun {
            exchange.respond(ResourceResponses.object(.ok, object, r.format, warnings: warnings))
            return
        }
        if preconditions.revision ?? current.modRevision == current.modRevision,
            preconditions.uid ?? current.uid == current.uid,
            Self.changesNothing(object, old, current)
        {
            exchange.respond(ResourceResponses.object(.ok, current, r.format, warnings: warnings))
            return
        }
        store.update(
            r.key, Self.draft(object, resource: r.resource), preconditions: preconditions,
            completion: Self.answer(exchange, .ok, r, warnings: warnings))
    }

    func patch(_ r: RESTRequest, _ exchange: Exchange) throws {
        let contentType = MediaType.essence(exchange.request.headers["content-type"])
        guard let type = PatchType(contentType: contentType) else {
            throw StatusError(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: "
                    + PatchType.supported.map(\.rawValue).joined(separator: ", "))
        }
        if type == .apply {
            try serverSideApply(r, exchange)
            return
        }
        let options = try WriteOptions(r, exchange, kind: "PatchOptions")
        try applyPatch(r, exchange, contentType: contentType, options: options)
    }

    /// Reads, patches, and writes back on the version read; a concurrent write makes it start again, as
    /// often as it takes (GuaranteedUpdate has no limit: every conflict is another writer's success).
    private func applyPatch(_ r: RESTRequest, _ exchange: Exchange, contentType: String, options: WriteOptions) throws {
        guard let current = store.get(r.key) else { throw r.notFound }
        let original = try parse(current.value)
        var patched: JSONValue
        do {
            patched = try codecs.patch(contentType, exchange.request.body, original, r.resource.kind)
        } catch let status as StatusError {
            throw status
        } catch {
            throw StatusError(code: 422, reason: "Invalid", message: "\(error)")
        }
        // A resourceVersion in the patch is a precondition; otherwise the version just read is.
        var preconditions = Preconditions(revision: current.modRevision)
        let patchedVersion = patched[["metadata", "resourceVersion"]]?.string
        let explicit = patchedVersion != nil && patchedVersion != current.resourceVersion
        if explicit, let rv = patchedVersion, let n = Int64(rv) { preconditions.revision = n }
        if patched[["metadata", "name"]]?.string != r.name {
            throw StatusError.badRequest(
                "metadata.name: Invalid value: \"\(patched[["metadata", "name"]]?.string ?? "")\": field is immutable")
        }
        let warnings = try fieldWarnings(patched, r, exchange)
        ObjectRules.applyDecodeDefaults(&patched, resource: r.resource)
        ObjectRules.prepareForUpdate(&patched, old: original, resource: r.resource, subresource: r.subresource)
        patched = ResourceFieldManagers.manager(r.resource, subresource: r.subresource).update(
            live: original, new: patched, manager: options.manager)
        if options.dryRun {
            exchange.respond(ResourceResponses.object(.ok, patched, r.format, warnings: warnings))
            return
        }
        if !explicit, Self.changesNothing(patched, original, current) {
            exchange.respond(ResourceResponses.object(.ok, current, r.format, warnings: warnings))
            return
        }
        store.update(r.key, Self.draft(patched, resource: r.resource), preconditions: preconditions) { [self] result in
            if case .failure(.conflict) = result, !explicit {
                do { try applyPatch(r, exchange, contentType: contentType, options: options) } catch let status
                    as StatusError
                {
                    exchange.respond(ResourceResponses.failure(status, r.format))
                } catch {
                    exchange.respond(ResourceResponses.failure(StatusError.internalError("\(error)"), r.format))
                }
                return
            }
            Self.answer(exchange, .ok, r, warnings: warnings)(result)
        }
    }

    func delete(_ r: RESTRequest, _ exchange: Exchange) throws {
        let options = try WriteOptions(r, exchange, kind: "DeleteOptions")
        let preconditions = try deletePreconditions(exchange)
        guard let existing = store.get(r.key) else { throw r.notFound }
        if options.dryRun || deleteOptionsDryRun(exchange) {
            exchange.respond(ResourceResponses.object(.ok, existing, r.format))
            return
        }
        if r.resource.name == "namespaces" {
            // Deleting a namespace deletes what is in it first (kube's namespace controller, done at once).
            let store = store
            let resource = r.resource
            DispatchQueue.global().async {
                // Terminating first, so nothing new is created while the contents go.
                if let current = store.get(r.key), var ns = try? JSONParser.parse(current.value) {
                    ns.set(path: ["status", "phase"], .string("Terminating"))
                    ns.set(path: ["metadata", "deletionTimestamp"], .string(ObjectRules.timestamp()))
                    _ = try? store.update(r.key, Self.draft(ns, resource: resource))
                }
                Self.deleteContents(ofNamespace: r.name, store: store)
                store.delete(
                    r.key, preconditions: preconditions, tombstone: Self.tombstone,
                    completion: Self.answer(exchange, .ok, r))
            }
            return
        }
        store.delete(
            r.key, preconditions: preconditions, tombstone: Self.tombstone, completion: Self.answer(exchange, .ok, r))
    }

    func deleteCollection(_ r: RESTRequest, _ exchange: Exchange) throws {
        let request = ListRequest(
            resource: r.resource.name, namespace: r.listNamespace, labelSelector: try r.labelSelector,
            fieldSelector: try r.fieldSelector)
        let options = try WriteOptions(r, exchange, kind: "DeleteOptions")
        let listed: ListResult
        do { listed = try store.list(request) } catch { throw r.storeError(error) }
        if options.dryRun || deleteOptionsDryRun(exchange) {
            // What would go, as it is: nothing is deleted.
            exchange.respond(
                ResourceResponses.list(
                    r.resource, listed.items, resourceVersion: String(listed.revision), continueToken: nil, r.format))
            return
        }
        let store = store
        DispatchQueue.global().async {
            var deleted: [StoredObject] = []
            for item in listed.items {
                if let gone = try? store.delete(
                    item.key, preconditions: Preconditions(uid: item.uid), tombstone: Self.tombstone)
                {
                    deleted.append(gone)
                }
            }
            exchange.respond(
                ResourceResponses.list(
                    r.resource, deleted, resourceVersion: String(store.revision), continueToken: nil, r.format))
        }
    }

    /// `dryRun: ["All"]` in a DeleteOptions body (kubectl delete --dry-run=server sends it there).
    func deleteOptionsDryRun(_ exchange: Exchange) -> Bool {
        guard let options = try? deleteOptions(exchange) else { return false }
        return options["dryRun"]?.array?.contains { $0.string == "All" } ?? false
    }

    /// pods/binding: the scheduler's write. Sets spec.nodeName once; a bound pod is a conflict.
    func bind(_ r: RESTRequest, _ exchange: Exchange) throws {
        let binding = try decodeBody(exchange, r, expectedKind: "Binding")
        guard let node = binding[["target", "name"]]?.string, !node.isEmpty else {
            throw StatusError.invalid(
                kind: "Binding", name: r.name, [FieldError(kind: .required, field: "target.name", detail: "")])
        }
        let podKey = ObjectKey(resource: "pods", namespace: r.namespace, name: r.name)
        guard let current = store.get(podKey) else { throw StatusError.notFound("pods", r.name) }
        var pod = try parse(current.value)
        if let bound = pod[["spec", "nodeName"]]?.string, !bound.isEmpty {
            throw StatusError.conflict("pods/binding", r.name, "pod \(r.name) is already assigned to node \"\(bound)\"")
        }
        pod.set(path: ["spec", "nodeName"], .string(node))
        var conditions = pod[["status", "conditions"]]?.array ?? []
        conditions.removeAll { $0["type"]?.string == "PodScheduled" }
        conditions.append(
            .object([
                ("type", .string("PodScheduled")), ("status", .string("True")),
                ("lastTransitionTime", .string(ObjectRules.timestamp())),
            ]))
        pod.set(path: ["status", "conditions"], .array(conditions))
        store.update(
            podKey, Self.draft(pod, resource: r.resource),
            preconditions: Preconditions(uid: current.uid, revision: current.modRevision)
        ) { result in
            switch result {
            case .success:
                exchange.respond(ResourceResponses.object(.created, Self.createdStatus, r.format))
            case .failure(let error):
                exchange.respond(ResourceResponses.failure(StatusError.from(error, resource: "pods"), r.format))
            }
        }
    }

    // MARK: - Pieces

    /// Whether writing `object` over `current` (read as `old`) would store what is there: kube's
    /// GuaranteedUpdate then writes nothing and answers the stored object, resourceVersion and all. The
    /// resourceVersion itself is not compared: the store sets it.
    static func changesNothing(_ object: JSONValue, _ old: JSONValue, _ current: StoredObject) -> Bool {
        var object = object
        object.set(path: ["metadata", "resourceVersion"], .string(current.resourceVersion))
        return object == old
    }

    /// The request body as a JSON object of the resource's kind (JSON or a protobuf envelope).
    func decodeBody(
        _ exchange: Exchange, _ r: RESTRequest, expectedKind: String? = nil, expectedAPIVersion: String? = nil
    ) throws -> JSONValue {
        let contentType = MediaType.essence(exchange.request.headers["content-type"])
        var object: JSONValue
        switch contentType {
        case "", MediaType.json, "application/merge-patch+json":
            do { object = try JSONParser.parse(exchange.request.body) } catch {
                throw StatusError.badRequest("error decoding request body: \(error)")
            }
        case MediaType.protobuf:
            object = try codecs.decodeProtobuf(exchange.request.body)
        default:
            throw StatusError.unsupportedMediaType(contentType)
        }
        guard case .object = object else {
            throw StatusError.badRequest("the body of the request must be a JSON object")
        }
        let kind = expectedKind ?? r.resource.kind
        let apiVersion = expectedAPIVersion ?? r.resource.apiVersion
        if let sent = object["apiVersion"]?.string, !sent.isEmpty, sent != apiVersion {
            throw StatusError.badRequest(
                "the API version in the data (\(sent)) does not match the expected API version (\(apiVersion))")
        }
        if let sent = object["kind"]?.string, !sent.isEmpty, sent != kind {
            let version = apiVersion.split(separator: "/").last.map(String.init) ?? apiVersion
            throw StatusError.badRequest(
                "\(sent) in version \"\(version)\" cannot be handled as a \(kind): the kind of the object (\(sent)) does not match the expected kind (\(kind))"
            )
        }
        // Bodies without kind/apiVersion are accepted, as kube-apiserver does.
        var typed: [(key: String, value: JSONValue)] = [("kind", .string(kind)), ("apiVersion", .string(apiVersion))]
        typed += (object.members ?? []).filter { $0.key != "kind" && $0.key != "apiVersion" }
        object = .object(typed)
        if object["metadata"] == nil || object["metadata"]?.members == nil { object.set("metadata", .object([])) }
        // `creationTimestamp: null` is what clients send for an unset time.
        if object[["metadata", "creationTimestamp"]]?.isNull == true {
            object.set(path: ["metadata", "creationTimestamp"], nil)
        }
        return object
    }

    /// fieldValidation: Strict refuses unknown or duplicate fields (400), Warn returns them as Warning
    /// headers. Only JSON bodies: kube ignores unknown protobuf fields.
    func fieldWarnings(_ object: JSONValue, _ r: RESTRequest, _ exchange: Exchange) throws -> [String] {
        let mode = r.fieldValidation
        guard mode != "Ignore", MediaType.essence(exchange.request.headers["content-type"]) != MediaType.protobuf,
            let problems = codecs.fieldProblems(object, r.resource.apiVersion, r.resource.kind)
        else { return [] }
        if mode == "Strict" { throw StatusError.badRequest(problems.strict) }
        return problems.warnings
    }

    func validateName(_ name: String, _ r: RESTRequest) throws {
        let problems = NameValidation.problems(name, NameValidation.rule(for: r.resource.name))
        guard problems.isEmpty else {
            throw StatusError.invalid(
                kind: r.resource.kind, name: name,
                problems.map { FieldError(kind: .invalid, field: "metadata.name", detail: $0, value: name) })
        }
    }

    /// A namespaced create needs its namespace, alive.
    func requireLiveNamespace(_ namespace: String) throws {
        guard let ns = store.get(ObjectKey(resource: "namespaces", name: namespace)) else {
            throw StatusError.notFound("namespaces", namespace)
        }
        if ns.fields["status.phase"] == "Terminating" {
            throw StatusError.forbiddenMessage(
                "unable to create new content in namespace \(namespace) because it is being terminated")
        }
    }

    func deletePreconditions(_ exchange: Exchange) throws -> Preconditions {
        try deleteOptions(exchange).map(Self.preconditions) ?? Preconditions()
    }

    /// A delete's DeleteOptions body, JSON or protobuf (client-go's typed clients send protobuf); nil without one.
    func deleteOptions(_ exchange: Exchange) throws -> JSONValue? {
        guard !exchange.request.body.isEmpty else { return nil }
        if MediaType.essence(exchange.request.headers["content-type"]) == MediaType.protobuf {
            return try codecs.decodeProtobuf(exchange.request.body)
        }
        do { return try JSONParser.parse(exchange.request.body) } catch {
            throw StatusError.badRequest("error decoding DeleteOptions: \(error)")
        }
    }

    /// The preconditions of a DeleteOptions (a delete's body, an Eviction's deleteOptions).
    static func preconditions(_ options: JSONValue) -> Preconditions {
        var p = Preconditions()
        if let uid = options[["preconditions", "uid"]]?.string { p.uid = uid }
        if let rv = options[["preconditions", "resourceVersion"]]?.string, let n = Int64(rv) { p.revision = n }
        return p
    }

    /// The deleted object as watchers and the client see it: its deletion's resourceVersion and time.
    static let tombstone: TombstoneEncoder = { deleted, revision in
        guard var object = try? JSONParser.parse(deleted.value) else { return deleted.value }
        object.set(path: ["metadata", "resourceVersion"], .string(String(revision)))
        if object[["metadata", "deletionTimestamp"]] == nil {
            object.set(path: ["metadata", "deletionTimestamp"], .string(ObjectRules.timestamp()))
        }
        return object.bytes
    }

    /// Deletes every namespaced object in `namespace` (blocking; called off the I/O loops).
    static func deleteContents(ofNamespace namespace: String, store: any Store) {
        for resource in ResourceCatalog.stored where resource.namespaced {
            guard let listed = try? store.list(ListRequest(resource: resource.name, namespace: namespace)) else {
                continue
            }
            for item in listed.items { _ = try? store.delete(item.key, preconditions: .none, tombstone: tombstone) }
        }
    }
}
