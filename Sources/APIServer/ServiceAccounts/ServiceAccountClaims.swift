import KubeAPI

/// The claims of a service account token, exactly as kube-apiserver writes them (pkg/serviceaccount/claims.go):
/// the registered claims iss, sub, aud, exp, iat, nbf, jti, and the private `kubernetes.io` claim naming the
/// namespace, the service account and what the token is bound to (a pod and its node, a secret or a node).
/// go-jose merges the claims into one map before writing, so keys come out sorted, nested ones too.
public struct ServiceAccountClaims: Sendable, Equatable {
    public struct Reference: Sendable, Equatable {
        public var name: String
        public var uid: String

        public init(name: String, uid: String) {
            self.name = name
            self.uid = uid
        }
    }

    public var issuer: String
    public var subject: String
    public var audiences: [String]
    /// Seconds since the epoch.
    public var expiry: Int64
    public var issuedAt: Int64
    public var notBefore: Int64
    /// `jti`: a random UUID per token (kube's ServiceAccountTokenJTI, GA in 1.32).
    public var id: String
    public var namespace: String
    public var serviceAccount: Reference
    public var pod: Reference?
    public var secret: Reference?
    /// A node-bound token's node, or a pod-bound token's pod's node (ServiceAccountTokenPodNodeInfo).
    public var node: Reference?
    /// Set on kubelet tokens whose expiry was extended: the time after which use is only warned about.
    public var warnAfter: Int64?

    /// `system:serviceaccount:NS:NAME`, the token's subject and the authenticated user's name.
    public static func username(namespace: String, name: String) -> String {
        "system:serviceaccount:\(namespace):\(name)"
    }

    public var payload: JSONValue {
        func reference(_ r: Reference) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = []
            if !r.name.isEmpty { members.append(("name", .string(r.name))) }
            if !r.uid.isEmpty { members.append(("uid", .string(r.uid))) }
            return .object(members)
        }
        var kubernetes: [(key: String, value: JSONValue)] = [("namespace", .string(namespace))]
        if let node { kubernetes.append(("node", reference(node))) }
        if let pod { kubernetes.append(("pod", reference(pod))) }
        if let secret { kubernetes.append(("secret", reference(secret))) }
        kubernetes.append(("serviceaccount", reference(serviceAccount)))
        if let warnAfter { kubernetes.append(("warnafter", .int(Int(warnAfter)))) }
        return .object([
            ("aud", .array(audiences.map { .string($0) })), ("exp", .int(Int(expiry))), ("iat", .int(Int(issuedAt))),
            ("iss", .string(issuer)), ("jti", .string(id)), ("kubernetes.io", .object(kubernetes)),
            ("nbf", .int(Int(notBefore))), ("sub", .string(subject)),
        ])
    }

    public init(
        issuer: String, audiences: [String], issuedAt: Int64, lifetime: Int64, id: String, namespace: String,
        serviceAccount: Reference, pod: Reference? = nil, secret: Reference? = nil, node: Reference? = nil,
        warnAfter: Int64? = nil
    ) {
        self.issuer = issuer
        subject = Self.username(namespace: namespace, name: serviceAccount.name)
        self.audiences = audiences
        self.issuedAt = issuedAt
        notBefore = issuedAt
        expiry = issuedAt + lifetime
        self.id = id
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.pod = pod
        self.secret = secret
        self.node = node
        self.warnAfter = warnAfter
    }

    /// The claims of a verified payload; nil when a claim is missing or of the wrong type. `aud` may be a
    /// string or a list, as RFC 7519 allows.
    public init?(payload: JSONValue) {
        guard let issuer = payload["iss"]?.string, let subject = payload["sub"]?.string,
            let expiry = Self.seconds(payload["exp"]), let kubernetes = payload["kubernetes.io"],
            let namespace = kubernetes["namespace"]?.string, let account = Self.reference(kubernetes["serviceaccount"])
        else { return nil }
        switch payload["aud"] {
        case .string(let one)?: audiences = [one]
        case .array(let many)?:
            let strings = many.compactMap(\.string)
            guard strings.count == many.count else { return nil }
            audiences = strings
        case nil: audiences = []
        default: return nil
        }
        self.issuer = issuer
        self.subject = subject
        self.expiry = expiry
        issuedAt = Self.seconds(payload["iat"]) ?? 0
        notBefore = Self.seconds(payload["nbf"]) ?? 0
        id = payload["jti"]?.string ?? ""
        self.namespace = namespace
        serviceAccount = account
        pod = Self.reference(kubernetes["pod"])
        secret = Self.reference(kubernetes["secret"])
        node = Self.reference(kubernetes["node"])
        warnAfter = Self.seconds(kubernetes["warnafter"])
    }

    /// A NumericDate: a JSON number of seconds, which may carry a fraction (dropped).
    private static func seconds(_ value: JSONValue?) -> Int64? {
        guard case .number(let text)? = value else { return nil }
        if let n = Int64(text) { return n }
        return Double(text).flatMap { $0.isFinite && abs($0) < 1e15 ? Int64($0.rounded(.down)) : nil }
    }

    private static func reference(_ value: JSONValue?) -> Reference? {
        guard let value, value.members != nil else { return nil }
        return Reference(name: value["name"]?.string ?? "", uid: value["uid"]?.string ?? "")
    }
}
