import COpenSSL
import HTTP

/// What the secure port's filters remember between requests on one connection, so that the next request
/// bearing the same credentials for the same target skips the work already done: hashing the bearer
/// token (SHA-256), deriving the request's attributes from its path (on every port) and authorizing them. Each entry names the table it
/// came from (the token table, the policy generation); a reload or rotation replaces those, so a memo
/// from before one is never used after it. Lives in `ConnectionInfo.handlerState`, used only on the
/// connection's loop thread.
final class ConnectionMemo {
    // Entries are classes, not structs: reading one on every request is then a retain, not a copy of
    // each String, array and RequestAttributes field through value witnesses (about 1,000 instructions).
    final class Bearer {
        /// The Authorization header as received; compared in constant time.
        let header: String
        let authenticator: TokenAuthenticator
        let user: UserInfo
        /// Wall-clock nanoseconds (a rotated token's grace ends).
        let validUntil: Int64

        init(header: String, authenticator: TokenAuthenticator, user: UserInfo, validUntil: Int64) {
            self.header = header
            self.authenticator = authenticator
            self.user = user
            self.validUntil = validUntil
        }
    }

    final class Decision {
        let generation: UInt64
        let user: UserInfo
        let method: String
        let target: String
        let attributes: RequestAttributes
        let decision: AuthorizationDecision

        init(
            generation: UInt64, user: UserInfo, method: String, target: String, attributes: RequestAttributes,
            decision: AuthorizationDecision
        ) {
            self.generation = generation
            self.user = user
            self.method = method
            self.target = target
            self.attributes = attributes
            self.decision = decision
        }
    }

    /// The attributes of the last request line parsed on the connection (any port).
    final class Parsed {
        let method: String
        let target: String
        let attributes: RequestAttributes

        init(method: String, target: String, attributes: RequestAttributes) {
            self.method = method
            self.target = target
            self.attributes = attributes
        }
    }

    var bearer: Bearer?
    var decision: Decision?
    var parsed: Parsed?
    /// The last request's audit level and encoded event part (`AuditFilter`).
    var audit: AuditRequestMemo?

    static func of(_ connection: ConnectionInfo) -> ConnectionMemo {
        if let memo = connection.handlerState as? ConnectionMemo { return memo }
        let memo = ConnectionMemo()
        connection.handlerState = memo
        return memo
    }

    /// The user for `header` if it is the header remembered, under the same token table, still valid.
    func user(bearer header: String, authenticator: TokenAuthenticator, now: Int64) -> UserInfo? {
        guard let bearer, bearer.authenticator === authenticator, now < bearer.validUntil,
            Self.sameSecret(bearer.header, header)
        else { return nil }
        return bearer.user
    }

    /// Length, then bytes in constant time (the header holds a secret; only its length may show).
    private static func sameSecret(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in x.isEmpty || CRYPTO_memcmp(x.baseAddress, y.baseAddress, x.count) == 0 }
        }
    }

    /// The attributes parsed for the same method and target before (their `user` is whoever asked then).
    func attributes(method: String, target: String) -> RequestAttributes? {
        guard let parsed, parsed.method == method, parsed.target == target else { return nil }
        return parsed.attributes
    }

    /// The attributes and decision for the same request target by the same user under the same policy.
    func decision(generation: UInt64, user: UserInfo, method: String, target: String) -> Decision? {
        guard let decision, decision.generation == generation, decision.method == method, decision.target == target,
            decision.user == user
        else { return nil }
        return decision
    }
}
