import HTTP

/// The audit part of a connection's memo: the last request's level and its encoded `requestURI` to
/// `objectRef` (`AuditEventEncoder.request`). A keep-alive client repeats the same target, credentials and
/// headers, so the next such request takes the policy's answer and those bytes as they are (one reference)
/// instead of copying a dozen fields into its record and escaping them again on the writer thread.
/// Loop thread only (it lives in `ConnectionMemo`); a class, so reading it there retains it once.
final class AuditRequestMemo {
    /// The headers that go into the event, found in one pass over the fields.
    struct Headers: Equatable {
        var userAgent: String?
        var forwardedFor: String?
        var realIP: String?

        init(_ headers: HTTPHeaders) {
            // Fields looked at in place: iterating copies each (name, value) out, a retain and a release of both.
            headers.fields.withUnsafeBufferPointer { fields in
                for i in fields.indices {
                    switch fields[i].name.utf8.count {
                    case 10 where userAgent == nil && fields[i].name.equalsIgnoringASCIICase("user-agent"):
                        userAgent = fields[i].value
                    case 15 where forwardedFor == nil && fields[i].name.equalsIgnoringASCIICase("x-forwarded-for"):
                        forwardedFor = fields[i].value
                    case 9 where realIP == nil && fields[i].name.equalsIgnoringASCIICase("x-real-ip"):
                        realIP = fields[i].value
                    default:
                        continue
                    }
                }
            }
        }
    }

    /// The log whose policy gave the level (the memo outlives nothing, but a test may build servers side by side).
    let log: AuditLog
    let method: String
    let target: String
    let user: UserInfo?
    let headers: Headers
    let level: AuditLevel
    let omitStages: [AuditStage]
    let encodedRequest: [UInt8]

    init(
        log: AuditLog, method: String, target: String, user: UserInfo?, headers: Headers, level: AuditLevel,
        omitStages: [AuditStage], encodedRequest: [UInt8]
    ) {
        self.log = log
        self.method = method
        self.target = target
        self.user = user
        self.headers = headers
        self.level = level
        self.omitStages = omitStages
        self.encodedRequest = encodedRequest
    }

    /// Whether a request with these particulars makes the same event part (the peer is the connection's own).
    func matches(log: AuditLog, method: String, target: String, user: UserInfo?, headers: Headers) -> Bool {
        self.log === log && self.target == target && self.method == method && self.user == user
            && self.headers == headers
    }
}
