import HTTP
import KubeAPI

/// The secure port's authentication, in kube-apiserver's order, first success wins: basic auth
/// (`--basic-auth-file`), a client certificate (`--client-ca-file`), a bearer token (`--token-auth-file`,
/// then service account tokens).
/// Failure is a 401 `Status` and an auth-failure event with its reason; success sets `exchange.user`
/// (with `system:authenticated`, as kube-apiserver adds). A bearer token that authenticated is remembered
/// for its connection (`ConnectionMemo`) with the token table it was found in: the same header on the next
/// request skips the SHA-256, until a reload or rotation replaces the table (or a grace period ends).
public struct AuthenticationFilter: APIFilter {
    let credentials: CredentialSet
    let observatory: Observatory

    public init(credentials: CredentialSet, observatory: Observatory) {
        self.credentials = credentials
        self.observatory = observatory
    }

    enum Outcome: Equatable {
        case authenticated(UserInfo)
        case refused(AuthFailureReason, subject: String)
    }

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        let connection = exchange.context.connection
        switch authenticate(
            exchange.request.headers["authorization"], certificate: connection.peerIdentity,
            memo: ConnectionMemo.of(connection))
        {
        case .authenticated(let user):
            exchange.user = Self.withAuthenticatedGroup(user)
            next.handle(exchange)
        case .refused(let reason, let subject):
            observatory.recordAuthFailure(
                AuthFailureEvent(
                    time: wallClockNanoseconds(), port: exchange.port, client: exchange.clientHost,
                    reason: reason, subject: subject, path: String(exchange.request.path)),
                shard: exchange.context.connection.loopIndex)
            var response = StatusError.unauthorized.response
            if credentials.basic != nil {
                response.headers.add("WWW-Authenticate", #"Basic realm="kubernetes-master""#)
            }
            exchange.respond(response)
        }
    }

    /// With `memo`, a bearer token that authenticated on this connection before, under the same token
    /// table, is not hashed again.
    func authenticate(_ authorization: String?, certificate: PeerIdentity?, memo: ConnectionMemo? = nil) -> Outcome {
        let scheme = authorization.map { Self.split($0) }
        if let basic = credentials.basic, let (name, value) = scheme, name.equalsIgnoringASCIICase("basic") {
            guard let decoded = Base64.decode(String(value)).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            else {
                return .refused(.malformedHeader, subject: "-")
            }
            let user = String(decoded[..<colon])
            switch basic.authenticate(user: user, password: String(decoded[decoded.index(after: colon)...])) {
            case .user(let info): return .authenticated(info)
            case .badPassword, .unknownUser: return .refused(.badPassword, subject: user)
            }
        }
        // A certificate that fails verification does not end the search (kube's union authenticator tries
        // the next one); it is the answer only when nothing else authenticates.
        var certificateFailure: Outcome?
        if credentials.clientCertificates, let certificate {
            if certificate.verificationError == nil {
                return .authenticated(UserInfo(name: certificate.commonName, groups: certificate.organizations))
            }
            certificateFailure = .refused(
                certificate.isExpired ? .expiredCertificate : .untrustedCertificate, subject: certificate.commonName)
        }
        guard let (name, value) = scheme else { return certificateFailure ?? .refused(.noCredentials, subject: "-") }
        guard let authorization, name.equalsIgnoringASCIICase("bearer"), !value.isEmpty,
            credentials.tokens != nil || credentials.serviceAccounts != nil
        else {
            return .refused(.malformedHeader, subject: "-")
        }
        // A token-file token this connection presented before, under the same table: no SHA-256 again.
        if let tokens = credentials.tokens, let memo {
            let table = tokens.authenticator()
            let now = wallClockNanoseconds()
            if let user = memo.user(bearer: authorization, authenticator: table, now: now) {
                return .authenticated(user)
            }
            let (result, validUntil) = table.lookup(String(value), now: now)
            if case .user(let info) = result {
                // Remembered with `system:authenticated` already added: the next request's user is then the
                // very same value (no array copied to add the group, and the authorizer's memo compares
                // the groups by identity).
                let user = Self.withAuthenticatedGroup(info)
                memo.bearer = ConnectionMemo.Bearer(
                    header: authorization, authenticator: table, user: user, validUntil: validUntil)
                return .authenticated(user)
            }
        }
        switch credentials.bearer.authenticate(value) {
        case .authenticated(let info, _): return .authenticated(info)
        case .unknown(let fingerprint): return .refused(.unknownToken, subject: fingerprint)
        case .revoked(let fingerprint, let user): return .refused(.revokedToken, subject: "\(user) (\(fingerprint))")
        case .refused(let why, let subject): return .refused(.serviceAccountToken, subject: "\(subject): \(why)")
        }
    }

    /// kube-apiserver adds `system:authenticated` to every authenticated user.
    static func withAuthenticatedGroup(_ user: UserInfo) -> UserInfo {
        if user.groups.contains(allAuthenticatedGroup) { return user }
        var user = user
        user.groups.append(allAuthenticatedGroup)
        return user
    }

    /// `Scheme value`, value trimmed; the scheme is compared case-insensitively by the caller. Spaces are
    /// found on the contiguous UTF-8 bytes: this runs on every request of the secure port, and walking
    /// the UTF-8 view index by index cost about a thousand instructions.
    static func split(_ header: String) -> (scheme: Substring, value: Substring) {
        var header = header
        let (start, space, value) = header.withUTF8 { bytes -> (Int, Int, Int) in
            var start = 0
            while start < bytes.count, bytes[start] == 0x20 { start += 1 }
            var space = start
            while space < bytes.count, bytes[space] != 0x20 { space += 1 }
            var value = space
            while value < bytes.count, bytes[value] == 0x20 { value += 1 }
            return (start, space, value)
        }
        let utf8 = header.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return (header[index(start)..<index(space)], header[index(value)...])
    }
}
