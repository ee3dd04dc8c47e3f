import HTTP
import KubeAPI

/// authorization.k8s.io/v1 SelfSubjectAccessReview, SubjectAccessReview and SelfSubjectRulesReview, answered
/// from the authorizer in force, so `kubectl auth can-i` (and `can-i --list`) tells the truth. Nothing is stored.
struct AccessReviews: Sendable {
    /// The port's authorizer (nil: the port has no authorization, everything is allowed).
    let authorizer: @Sendable (PortKind) -> (any Authorizer)?
    let decodeProtobuf: @Sendable ([UInt8]) throws -> JSONValue

    func handle(_ r: RESTRequest, _ exchange: Exchange) {
        do {
            guard r.verb == "create", r.name.isEmpty else {
                throw StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path)
            }
            let review = try ReviewBody.decode(exchange, decodeProtobuf)
            let user = exchange.user ?? UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])
            if r.resource.name == "selfsubjectrulesreviews" {
                exchange.respond(try rulesReview(review, r.resource, user: user, port: exchange.port))
                return
            }
            let spec = review["spec"] ?? .object([])
            let subject: UserInfo
            if r.resource.name == "selfsubjectaccessreviews" {
                subject = user
            } else {
                guard let user = spec["user"]?.string ?? spec["uid"]?.string, !user.isEmpty || spec["groups"] != nil
                else {
                    throw StatusError.invalid(
                        kind: "SubjectAccessReview", name: "",
                        [
                            FieldError(
                                kind: .required, field: "spec.user",
                                detail: "at least one of user or group must be specified")
                        ])
                }
                subject = UserInfo(
                    name: user, uid: spec["uid"]?.string ?? "",
                    groups: spec["groups"]?.array?.compactMap(\.string) ?? [])
            }
            let attributes = Self.attributes(spec, user: subject)
            let decision = authorizer(exchange.port)?.authorize(attributes) ?? .allow
            var status: [(key: String, value: JSONValue)] = []
            switch decision {
            case .allow:
                status = [("allowed", .bool(true))]
            case .deny(let reason):
                status = [("allowed", .bool(false))]
                if !reason.isEmpty { status.append(("reason", .string(reason))) }
            }
            exchange.respond(ReviewBody.answer(review, r.resource, status: .object(status)))
        } catch let status as StatusError {
            exchange.respond(status.response)
        } catch {
            exchange.respond(StatusError.internalError("\(error)").response)
        }
    }

    /// The attributes a review asks about, from resourceAttributes or nonResourceAttributes.
    static func attributes(_ spec: JSONValue, user: UserInfo) -> RequestAttributes {
        var a = RequestAttributes(user: user, verb: "get", isResourceRequest: false, path: "/")  // what GET / parses to
        if let resource = spec["resourceAttributes"] {
            a.isResourceRequest = true
            a.verb = resource["verb"]?.string ?? ""
            a.apiGroup = resource["group"]?.string ?? ""
            a.apiVersion = resource["version"]?.string ?? ""
            a.namespace = resource["namespace"]?.string ?? ""
            a.resource = resource["resource"]?.string ?? ""
            a.subresource = resource["subresource"]?.string ?? ""
            a.name = resource["name"]?.string ?? ""
            a.path = ""
        } else if let nonResource = spec["nonResourceAttributes"] {
            a.isResourceRequest = false
            a.verb = nonResource["verb"]?.string ?? ""
            a.path = nonResource["path"]?.string ?? ""
            a.resource = ""
            a.namespace = ""
        }
        return a
    }
}
