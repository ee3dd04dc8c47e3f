import HTTP
import KubeAPI
import Storage

/// Server-side apply: PATCH with `application/apply-patch+yaml`. The configuration is merged into the
/// object by the field manager (or creates it), then goes through the same rules as any other write.
extension ResourceHandler {
    func serverSideApply(_ r: RESTRequest, _ exchange: Exchange) throws {
        let options = try WriteOptions(r, exchange, kind: "PatchOptions", isApply: true)
        let current = store.get(r.key)
        let repeated = current.map {
            UnchangedApplies.Apply(
                revision: $0.modRevision, subresource: r.subresource, manager: options.manager,
                force: options.force ?? false, fieldValidation: r.fieldValidation, body: exchange.request.body)
        }
        if let current, let repeated, let warnings = unchangedApplies.warnings(repeating: repeated, of: r.key) {
            exchange.respond(ResourceResponses.object(.ok, current, r.format, warnings: warnings))
            return
        }
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(exchange.request.body) } catch {
            throw StatusError.badRequest("error decoding YAML: \(error)")
        }
        var config = document.value
        switch config {
        case .object: break
        case .null: config = .object([])
        default:
            let kind =
                config.array != nil ? "array" : config.string != nil ? "string" : config.bool != nil ? "bool" : "number"
            throw StatusError.badRequest(
                "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                    + "\(kind) into Go value of type map[string]interface {}")
        }
        // Only the main resource can be created by an apply.
        if current == nil && !r.subresource.isEmpty { throw r.notFound }
        let live = try current.map { try parse($0.value) }
        var object: JSONValue
        do {
            object = try ResourceFieldManagers.manager(r.resource, subresource: r.subresource)
                .apply(live: live, config: config, manager: options.manager, force: options.force ?? false)
        } catch {
            var status = StatusError(code: error.code, reason: error.reason, message: error.message)
            status.causes = error.causes.map { ($0.reason, $0.message, $0.field) }
            throw status
        }
        // Strict decoding refuses repeated keys, after the apply as kube checks them (in a JSON body too: go-yaml
        // reads it); Warn answers with one warning each.
        if r.fieldValidation == "Strict", !document.duplicateKeys.isEmpty {
            throw StatusError.badRequest(
                "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  "
                    + document.duplicateKeys.joined(separator: "\n  "))
        }
        let warnings = r.fieldValidation == "Warn" ? document.duplicateKeys : []
        // The merged object is decoded into its Go type, defaulted, then prepared (none of which anyone owns).
        ObjectRules.applyDecodeDefaults(&object, resource: r.resource)
        try checkIdentity(&object, r)
        guard let current, let live else {
            try applyCreating(object, r, exchange, options, warnings: warnings)
            return
        }
        ObjectRules.prepareForUpdate(&object, old: live, resource: r.resource, subresource: r.subresource)
        // An apply that changes nothing writes nothing: the object keeps its resourceVersion.
        if object == live {
            if let repeated { unchangedApplies.remember(repeated, of: r.key, warnings: warnings) }
            exchange.respond(ResourceResponses.object(.ok, current, r.format, warnings: warnings))
            return
        }
        if options.dryRun {
            exchange.respond(ResourceResponses.object(.ok, object, r.format, warnings: warnings))
            return
        }
        // A resourceVersion in the configuration is a precondition (the registry's update checks it);
        // otherwise the version read is.
        var preconditions = Preconditions(revision: current.modRevision)
        let sentVersion = config[["metadata", "resourceVersion"]]?.string ?? ""
        let explicit = !sentVersion.isEmpty && sentVersion != current.resourceVersion
        if explicit { preconditions.revision = Int64(sentVersion) ?? -1 }
        store.update(r.key, Self.draft(object, resource: r.resource), preconditions: preconditions) {
            [self] result in
            // Changed meanwhile: apply to the new version, as often as it takes (GuaranteedUpdate).
            if case .failure(.conflict) = result, !explicit {
                retryApply(r, exchange)
                return
            }
            Self.answer(exchange, .ok, r, warnings: warnings)(result)
        }
    }

    /// The object must name what the URL names, and sit in its namespace (checkName,
    /// EnsureObjectNamespaceMatchesRequestNamespace).
    private func checkIdentity(_ object: inout JSONValue, _ r: RESTRequest) throws {
        let name = object[["metadata", "name"]]?.string ?? ""
        guard name == r.name else {
            throw StatusError.badRequest(
                "the name of the object (\(name)) does not match the name on the URL (\(r.name))")
        }
        if r.resource.namespaced {
            if case .string(let ns)? = object[["metadata", "namespace"]], !ns.isEmpty, ns != r.namespace {
                throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            object.set(path: ["metadata", "namespace"], .string(r.namespace))
        } else {
            object.set(path: ["metadata", "namespace"], nil)
        }
    }

    /// An apply to an object that does not exist creates it, under the create's rules.
    private func applyCreating(
        _ object: JSONValue, _ r: RESTRequest, _ exchange: Exchange, _ options: WriteOptions, warnings: [String]
    ) throws {
        var object = object
        try validateName(r.name, r)
        if r.resource.namespaced { try requireLiveNamespace(r.namespace) }
        ObjectRules.prepareForCreate(&object, resource: r.resource)
        if options.dryRun {
            exchange.respond(ResourceResponses.object(.created, object, r.format, warnings: warnings))
            return
        }
        store.create(r.key, uid: object[["metadata", "uid"]]?.string ?? "", Self.draft(object, resource: r.resource)) {
            [self] result in
            // Created by someone else meanwhile: apply to theirs.
            if case .failure(.alreadyExists) = result {
                retryApply(r, exchange)
                return
            }
            DefaultServiceAccount.creating(
                after: Self.answer(exchange, .created, r, warnings: warnings), for: r.resource, store: store)(result)
        }
    }

    private func retryApply(_ r: RESTRequest, _ exchange: Exchange) {
        do { try serverSideApply(r, exchange) } catch let status as StatusError {
            exchange.respond(ResourceResponses.failure(status, r.format))
        } catch {
            exchange.respond(ResourceResponses.failure(StatusError.internalError("\(error)"), r.format))
        }
    }
}
