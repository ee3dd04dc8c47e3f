import HTTP
import KubeAPI
import Storage

/// `serviceaccounts/token`: TokenRequest (pkg/registry/core/serviceaccount/storage/token.go). A signed token
/// for the service account in the path, for the audiences and lifetime asked (validated and defaulted as kube
/// does), optionally bound to a pod, secret or node, which must exist; nothing is stored, only the console's
/// count of tokens issued.
struct TokenRequests: Sendable {
    static let group = "authentication.k8s.io"
    static let apiVersion = "authentication.k8s.io/v1"

    let store: any Store
    let tokens: ServiceAccountTokens
    let decodeProtobuf: @Sendable ([UInt8]) throws -> JSONValue

    func handle(_ r: RESTRequest, _ exchange: Exchange) {
        do {
            guard r.verb == "create" else {
                throw StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path)
            }
            let request = try ReviewBody.decode(exchange, decodeProtobuf)
            if let sent = request["apiVersion"]?.string, !sent.isEmpty, sent != Self.apiVersion {
                throw StatusError.badRequest(
                    "the API version in the data (\(sent)) does not match the expected API version (\(Self.apiVersion))"
                )
            }
            if let sent = request["kind"]?.string, !sent.isEmpty, sent != "TokenRequest" {
                throw StatusError.badRequest(
                    "\(sent) in version \"v1\" cannot be handled as a TokenRequest: the kind of the object (\(sent)) does not match the expected kind (TokenRequest)"
                )
            }
            let (answer, warnings) = try issue(request, namespace: r.namespace, name: r.name)
            exchange.respond(ResourceHandler.json(.created, answer.bytes, warnings: warnings))
        } catch let status as StatusError {
            exchange.respond(status.response)
        } catch {
            exchange.respond(StatusError.internalError("\(error)").response)
        }
    }

    /// The TokenRequest answered (spec defaulted, status filled) and the warnings to send with it.
    func issue(
        _ request: JSONValue, namespace: String, name: String,
        now: Int64 = wallClockNanoseconds() / 1_000_000_000
    ) throws -> (JSONValue, [String]) {
        // The body may name the account and namespace, but only those of the path.
        if let sent = request[["metadata", "name"]]?.string, !sent.isEmpty, sent != name {
            throw Self.invalid(
                name,
                FieldError(
                    kind: .invalid, field: "metadata.name", detail: "must match the service account name if specified",
                    value: sent))
        }
        if let sent = request[["metadata", "namespace"]]?.string, !sent.isEmpty, sent != namespace {
            throw Self.invalid(
                name,
                FieldError(
                    kind: .invalid, field: "metadata.namespace",
                    detail: "must match the service account namespace if specified", value: sent))
        }
        guard let account = store.get(ObjectKey(resource: "serviceaccounts", namespace: namespace, name: name)) else {
            throw StatusError.notFound("serviceaccounts", name)
        }
        var spec = TokenRequestSpec(request["spec"], apiAudiences: tokens.keys.apiAudiences)
        let problems = spec.problems
        guard problems.isEmpty else { throw Self.invalid("", problems) }
        let binding = try bind(spec.boundObject, namespace: namespace, account: name)

        var warnings: [String] = []
        let max = tokens.issuer.maxExpirationSeconds
        if max > 0 && spec.expirationSeconds > max {
            warnings.append("requested expiration of \(spec.expirationSeconds) seconds shortened to \(max) seconds")
            spec.expirationSeconds = max
        }
        // kube's safe rollout of bound tokens: a kubelet's hour-and-7-seconds token for the API lives a year.
        var lifetime = spec.expirationSeconds, warnAfter: Int64?
        if binding.pod != nil && lifetime == ServiceAccountTokenIssuer.warnOnlyExpirationSeconds
            && spec.audiences.allSatisfy(tokens.keys.apiAudiences.contains)
        {
            warnAfter = now + lifetime
            lifetime = ServiceAccountTokenIssuer.extendedExpirationSeconds
        }
        let claims = ServiceAccountClaims(
            issuer: tokens.issuer.issuer, audiences: spec.audiences, issuedAt: now, lifetime: lifetime,
            id: RandomBytes.uuid(), namespace: namespace,
            serviceAccount: .init(name: name, uid: account.uid), pod: binding.pod,
            secret: binding.secret, node: binding.node, warnAfter: warnAfter)
        let token = try tokens.issuer.sign(claims)
        tokens.issued.record(namespace: namespace, name: name)

        let metadata = JSONValue.object([
            ("name", .string(name)), ("namespace", .string(namespace)),
            ("creationTimestamp", .string(GoTime.rfc3339(seconds: now, nanos: 0, micro: false))),
        ])
        let status = JSONValue.object([
            ("token", .string(token)),
            (
                "expirationTimestamp",
                .string(GoTime.rfc3339(seconds: now + spec.expirationSeconds, nanos: 0, micro: false))
            ),
        ])
        let answer = JSONValue.object([
            ("kind", .string("TokenRequest")), ("apiVersion", .string(Self.apiVersion)),
            ("metadata", metadata), ("spec", spec.json), ("status", status),
        ])
        return (answer, warnings)
    }

    struct Binding {
        var pod: ServiceAccountClaims.Reference?
        var secret: ServiceAccountClaims.Reference?
        var node: ServiceAccountClaims.Reference?
    }

    /// The object the token is bound to, which must exist (and have the uid given, if one is).
    func bind(_ ref: TokenRequestSpec.BoundObject?, namespace: String, account: String) throws -> Binding {
        guard let ref else { return Binding() }
        var binding = Binding()
        let uid: String
        switch (ref.group, ref.kind) {
        case ("", "Pod"):
            guard let pod = store.get(ObjectKey(resource: "pods", namespace: namespace, name: ref.name)) else {
                throw StatusError.notFound("pods", ref.name)
            }
            let object = try? JSONParser.parse(pod.value)
            if object?[["spec", "serviceAccountName"]]?.string ?? "" != account {
                throw StatusError.badRequest(
                    "cannot bind token for serviceaccount \(GoQuote.quote(account)) to pod running with different serviceaccount name."
                )
            }
            uid = pod.uid
            binding.pod = .init(name: ref.name, uid: pod.uid)
            // ServiceAccountTokenPodNodeInfo: the pod's node rides along, its uid when the node exists.
            if let nodeName = object?[["spec", "nodeName"]]?.string, !nodeName.isEmpty {
                binding.node = .init(
                    name: nodeName, uid: store.get(ObjectKey(resource: "nodes", name: nodeName))?.uid ?? "")
            }
        case ("", "Secret"):
            guard let secret = store.get(ObjectKey(resource: "secrets", namespace: namespace, name: ref.name)) else {
                throw StatusError.notFound("secrets", ref.name)
            }
            uid = secret.uid
            binding.secret = .init(name: ref.name, uid: secret.uid)
        case ("", "Node"):
            guard let node = store.get(ObjectKey(resource: "nodes", name: ref.name)) else {
                throw StatusError.notFound("nodes", ref.name)
            }
            uid = node.uid
            binding.node = .init(name: ref.name, uid: node.uid)
        default:
            throw StatusError.badRequest(
                "cannot bind token to object of type \(ref.group)/\(ref.version), Kind=\(ref.kind)")
        }
        if !ref.uid.isEmpty && ref.uid != uid {
            throw StatusError.conflict(
                ref.kind, ref.name,
                "the UID in the bound object reference (\(ref.uid)) does not match the UID in record. The object might have been deleted and then recreated"
            )
        }
        return binding
    }

    /// kube's NewInvalid for the TokenRequest kind: `TokenRequest.authentication.k8s.io "NAME" is invalid: …`.
    static func invalid(_ name: String, _ errors: FieldError...) -> StatusError { invalid(name, errors) }

    static func invalid(_ name: String, _ errors: [FieldError]) -> StatusError {
        var status = StatusError.invalid(kind: "TokenRequest.\(group)", name: name, group: group, errors)
        status.details = (name, group, "TokenRequest")
        return status
    }
}
