import HTTP
import KubeAPI

/// authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`: the requester as authenticated) and
/// TokenReview (another component asks whether a bearer token is good, and whose it is), as
/// pkg/registry/authentication/{selfsubjectreview,tokenreview} answer them. Nothing is stored.
struct AuthenticationReviews: Sendable {
    /// The bearer-token authenticators (nil: no secure port, so no tokens; reviews come back unauthenticated).
    let bearer: BearerTokenAuthenticator?
    let decodeProtobuf: @Sendable ([UInt8]) throws -> JSONValue

    func handle(_ r: RESTRequest, _ exchange: Exchange) {
        do {
            guard r.verb == "create", r.name.isEmpty else {
                throw StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path)
            }
            if !r.namespace.isEmpty {
                throw StatusError.badRequest("namespace is not allowed on this type: \(r.namespace)")
            }
            let review = try ReviewBody.decode(exchange, decodeProtobuf)
            switch r.resource.name {
            case "selfsubjectreviews": exchange.respond(try selfSubjectReview(r.resource, user: exchange.user))
            default: exchange.respond(try tokenReview(review, r.resource))
            }
        } catch let status as StatusError {
            exchange.respond(status.response)
        } catch {
            exchange.respond(StatusError.internalError("\(error)").response)
        }
    }

    /// A new SelfSubjectReview, whatever was sent: created now, its status the requester.
    private func selfSubjectReview(_ resource: ResourceInfo, user: UserInfo?) throws -> HTTPResponse {
        // The localhost port authenticates no one: kube's answer for a request without a user.
        guard let user else { throw StatusError.badRequest("no user present on request") }
        let review = JSONValue.object([("metadata", .object([("creationTimestamp", .string(ObjectRules.timestamp()))]))]
        )
        return ReviewBody.answer(review, resource, status: .object([("userInfo", Self.userInfo(user))]))
    }

    /// The review as sent, with the verdict: authenticated, the user and audiences, or the error.
    private func tokenReview(_ review: JSONValue, _ resource: ResourceInfo) throws -> HTTPResponse {
        guard let token = review[["spec", "token"]]?.string, !token.isEmpty else {
            throw StatusError.badRequest("token is required for TokenReview in authentication")
        }
        guard let bearer else { return ReviewBody.answer(review, resource, status: .object([("user", .object([]))])) }
        let asked = review[["spec", "audiences"]]?.array?.compactMap(\.string) ?? []
        let audiences = asked.isEmpty ? bearer.apiAudiences : asked
        var status: [(key: String, value: JSONValue)]
        switch bearer.authenticate(Substring(token), audiences: audiences) {
        case .authenticated(var user, let granted):
            // kube's authenticated-group adder runs before the review sees the user.
            if !user.groups.contains("system:authenticated") { user.groups.append("system:authenticated") }
            status = [("authenticated", .bool(true)), ("user", Self.userInfo(user))]
            if !granted.isEmpty { status.append(("audiences", .array(granted.map { .string($0) }))) }
        case .unknown, .revoked:
            status = [("user", .object([])), ("error", .string("invalid bearer token"))]
        case .refused(let why, _):
            status = [("user", .object([])), ("error", .string(why))]
        }
        return ReviewBody.answer(review, resource, status: .object(status))
    }

    /// authentication/v1 UserInfo: every field omitted when empty; extra keys sorted, as Go writes a map.
    static func userInfo(_ user: UserInfo) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if !user.name.isEmpty { members.append(("username", .string(user.name))) }
        if !user.uid.isEmpty { members.append(("uid", .string(user.uid))) }
        if !user.groups.isEmpty { members.append(("groups", .array(user.groups.map { .string($0) }))) }
        if !user.extra.isEmpty {
            members.append(
                (
                    "extra",
                    .object(
                        user.extra.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map { .string($0) })) })
                ))
        }
        return .object(members)
    }
}
