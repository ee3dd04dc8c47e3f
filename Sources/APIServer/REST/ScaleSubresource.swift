import HTTP
import KubeAPI
import Storage

/// `replicationcontrollers/scale`: the controller seen as an autoscaling/v1 Scale (kube's scaleFromRC), read,
/// replaced and patched (`kubectl scale` merge-patches `spec.replicas`). A write changes the controller's
/// spec.replicas and answers with the Scale of what was stored.
extension ResourceHandler {
    /// name, namespace, uid, resourceVersion and creationTimestamp of the controller; spec.replicas;
    /// status.replicas and the selector as a label query (`a=b,c=d`, sorted).
    static func scale(of controller: JSONValue) -> JSONValue {
        var metadata: [(key: String, value: JSONValue)] = []
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = controller[["metadata", key]] { metadata.append((key, value)) }
        }
        let selector = (controller[["spec", "selector"]]?.members ?? []).map { "\($0.key)=\($0.value.string ?? "")" }
            .sorted()
        var spec: [(key: String, value: JSONValue)] = []
        if let replicas = controller[["spec", "replicas"]], replicas.int != 0 { spec.append(("replicas", replicas)) }
        return .object([
            ("kind", .string("Scale")), ("apiVersion", .string("autoscaling/v1")), ("metadata", .object(metadata)),
            ("spec", .object(spec)),
            (
                "status",
                .object([
                    ("replicas", .int(controller[["status", "replicas"]]?.int ?? 0)),
                    ("selector", .string(selector.joined(separator: ","))),
                ])
            ),
        ])
    }

    func getScale(_ r: RESTRequest, _ exchange: Exchange) throws {
        guard let current = store.get(r.key) else { throw r.notFound }
        exchange.respond(ResourceResponses.object(.ok, Self.scale(of: try parse(current.value)), r.format))
    }

    func updateScale(_ r: RESTRequest, _ exchange: Exchange) throws {
        let scale = try decodeBody(exchange, r, expectedKind: "Scale", expectedAPIVersion: "autoscaling/v1")
        if let name = scale[["metadata", "name"]]?.string, !name.isEmpty, name != r.name {
            throw StatusError.badRequest(
                "the name of the object (\(name)) does not match the name on the URL (\(r.name))")
        }
        guard let current = store.get(r.key) else { throw r.notFound }
        var preconditions = Preconditions(uid: current.uid)
        if let rv = scale[["metadata", "resourceVersion"]]?.string, !rv.isEmpty, let n = Int64(rv) {
            preconditions.revision = n
        }
        try writeReplicas(r, exchange, scale: scale, current: current, preconditions: preconditions, onConflict: nil)
    }

    func patchScale(_ r: RESTRequest, _ exchange: Exchange) throws {
        let contentType = MediaType.essence(exchange.request.headers["content-type"])
        guard contentType.hasSuffix("patch+json") else { throw StatusError.unsupportedMediaType(contentType) }
        try patchScale(r, exchange, contentType: contentType)
    }

    /// Read, patch the Scale, write back on the version read; a concurrent write starts it again, as often as
    /// it takes (GuaranteedUpdate).
    private func patchScale(_ r: RESTRequest, _ exchange: Exchange, contentType: String) throws {
        guard let current = store.get(r.key) else { throw r.notFound }
        let patched: JSONValue
        do {
            patched = try codecs.patch(
                contentType, exchange.request.body, Self.scale(of: try parse(current.value)), "Scale")
        } catch let status as StatusError {
            throw status
        } catch {
            throw StatusError(code: 422, reason: "Invalid", message: "\(error)")
        }
        let preconditions = Preconditions(uid: current.uid, revision: current.modRevision)
        try writeReplicas(r, exchange, scale: patched, current: current, preconditions: preconditions) { [self] in
            do { try patchScale(r, exchange, contentType: contentType) } catch let status
                as StatusError
            {
                exchange.respond(ResourceResponses.failure(status, r.format))
            } catch {
                exchange.respond(ResourceResponses.failure(StatusError.internalError("\(error)"), r.format))
            }
            return true
        }
    }

    /// spec.replicas of `scale` into the controller (generation bumped when it changes), answered with the
    /// stored controller's Scale. `onConflict` may take over a revision conflict (returning true) to retry.
    private func writeReplicas(
        _ r: RESTRequest, _ exchange: Exchange, scale: JSONValue, current: StoredObject, preconditions: Preconditions,
        onConflict: (@Sendable () -> Bool)?
    ) throws {
        let replicas = scale[["spec", "replicas"]].map { $0.int } ?? 0
        guard let replicas, replicas >= 0 else { throw Self.invalidReplicas(r.name, scale[["spec", "replicas"]]) }
        var controller = try parse(current.value)
        if controller[["spec", "replicas"]]?.int != replicas {
            controller.set(path: ["spec", "replicas"], .int(replicas))
            controller.set(
                path: ["metadata", "generation"], .int((controller[["metadata", "generation"]]?.int ?? 0) + 1))
        }
        if r.dryRun {
            exchange.respond(ResourceResponses.object(.ok, Self.scale(of: controller), r.format))
            return
        }
        let written = controller
        store.update(r.key, Self.draft(written, resource: r.resource), preconditions: preconditions) { result in
            switch result {
            case .success(let stored):
                let answer = (try? JSONParser.parse(stored.value)).map(Self.scale(of:)) ?? Self.scale(of: written)
                exchange.respond(ResourceResponses.object(.ok, answer, r.format))
            case .failure(.conflict(_, .revision)) where onConflict?() == true:
                return
            case .failure(let error):
                exchange.respond(ResourceResponses.failure(r.storeError(error), r.format))
            }
        }
    }

    /// ValidateScale's refusal as kube words it: the kind qualified with its internal group, a number unquoted.
    static func invalidReplicas(_ name: String, _ value: JSONValue?) -> StatusError {
        let detail = "Invalid value: \(value?.text ?? "null"): must be greater than or equal to 0"
        var status = StatusError(
            code: 422, reason: "Invalid", message: "Scale.autoscaling \"\(name)\" is invalid: spec.replicas: \(detail)",
            details: (name, "autoscaling", "Scale"))
        status.causes = [(reason: FieldError.Kind.invalid.rawValue, message: detail, field: "spec.replicas")]
        return status
    }
}
