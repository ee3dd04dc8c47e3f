import KubeAPI

/// A TokenRequest's spec as sent, with kube's defaults: audiences (the API's when none), expirationSeconds
/// (an hour when absent) and the optional bound object.
struct TokenRequestSpec {
    struct BoundObject {
        var kind: String
        var group: String
        var version: String
        var name: String
        var uid: String
        var apiVersion: String
    }

    var audiences: [String]
    var expirationSeconds: Int64
    /// expirationSeconds as sent when it was not a whole number (refused).
    var unreadableExpiration: String?
    var boundObject: BoundObject?

    init(_ spec: JSONValue?, apiAudiences: [String]) {
        let sent = spec?["audiences"]?.array?.compactMap(\.string) ?? []
        audiences = sent.isEmpty ? apiAudiences : sent
        switch spec?["expirationSeconds"] {
        case nil, .null?: expirationSeconds = ServiceAccountTokenIssuer.defaultExpirationSeconds
        case .number(let text)? where Int64(text) != nil: expirationSeconds = Int64(text)!
        case let other?:
            expirationSeconds = 0
            unreadableExpiration = other.text
        }
        if let ref = spec?["boundObjectRef"], ref.members != nil {
            let apiVersion = ref["apiVersion"]?.string ?? ""
            let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
            boundObject = BoundObject(
                kind: ref["kind"]?.string ?? "", group: parts.count == 2 ? parts[0] : "",
                version: parts.last ?? "", name: ref["name"]?.string ?? "", uid: ref["uid"]?.string ?? "",
                apiVersion: apiVersion)
        }
    }

    /// ValidateTokenRequest's complaints.
    var problems: [FieldError] {
        if let unreadableExpiration {
            return [
                FieldError(
                    kind: .invalid, field: "spec.expirationSeconds", detail: "must be an integer",
                    value: unreadableExpiration, quotesValue: false)
            ]
        }
        var out: [FieldError] = []
        if expirationSeconds < ServiceAccountTokenIssuer.minimumExpirationSeconds {
            out.append(
                FieldError(
                    kind: .invalid, field: "spec.expirationSeconds",
                    detail: "may not specify a duration less than 10 minutes",
                    value: String(expirationSeconds), quotesValue: false))
        }
        if expirationSeconds > ServiceAccountTokenIssuer.maximumExpirationSeconds {
            out.append(
                FieldError(
                    kind: .invalid, field: "spec.expirationSeconds",
                    detail: "may not specify a duration larger than 2^32 seconds",
                    value: String(expirationSeconds), quotesValue: false))
        }
        return out
    }

    /// The spec as answered, in authentication/v1's field order.
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("audiences", .array(audiences.map { .string($0) })),
            ("expirationSeconds", .number(String(expirationSeconds))),
        ]
        if let ref = boundObject {
            var fields: [(key: String, value: JSONValue)] = []
            if !ref.kind.isEmpty { fields.append(("kind", .string(ref.kind))) }
            if !ref.apiVersion.isEmpty { fields.append(("apiVersion", .string(ref.apiVersion))) }
            if !ref.name.isEmpty { fields.append(("name", .string(ref.name))) }
            if !ref.uid.isEmpty { fields.append(("uid", .string(ref.uid))) }
            members.append(("boundObjectRef", .object(fields)))
        }
        return .object(members)
    }
}
