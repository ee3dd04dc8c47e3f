#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// kube-apiserver's audit filter: each answer becomes an audit.k8s.io/v1 `Event` at the level the audit
/// policy gives it. The filter comes right after `ObserveFilter` and reads the user when the answer comes:
/// an authenticated request has its user; one refused by authentication (401) has none, and its event is
/// the single ResponseStarted one kube's failed-authentication audit writes, with an empty user. A watch
/// gets a ResponseStarted event as it starts and a ResponseComplete one as it ends. The event is taken
/// here, on the loop; encoding and writing happen on the audit log's own thread.
public final class AuditFilter: APIFilter, Sendable {
    /// The localhost port's requests are kube-apiserver's insecure-port superuser.
    public static let localhostUser = UserInfo(
        name: "system:unsecured", groups: ["system:masters", "system:authenticated"])
    /// The read-only port's requests are anonymous.
    public static let readOnlyUser = UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])
    /// kube's maxUserAgentLength and the suffix it adds when it cuts.
    static let maxUserAgentLength = 1024
    static let statusPrefix = Array(#"{"kind":"Status""#.utf8)

    let log: AuditLog
    /// Who a request is when no authenticator runs on the port (nil on the secure port).
    let portUser: UserInfo?

    public init(log: AuditLog, portUser: UserInfo?) {
        self.log = log
        self.portUser = portUser
    }

    public func handle(_ exchange: Exchange, next: any APIHandler) {
        exchange.addHook(AuditHook(filter: self, loopThread: pthread_self()))
        next.handle(exchange)
    }

    /// `onLoop`: answered on the connection's loop thread, where its memo may be used.
    func answered(_ exchange: Exchange, response: HTTPResponse, onLoop: Bool) {
        var omitted: [AuditStage] = []
        guard var record = event(exchange, code: response.status.code, onLoop: onLoop, omitted: &omitted),
            !omitted.contains(record.stage)
        else { return }
        if response.body.starts(with: Self.statusPrefix) { record.statusBody = response.body }
        log.record(record, shard: exchange.context.connection.loopIndex)
    }

    func streaming(_ exchange: Exchange, head: HTTPResponseHead, stream: HTTPStream, onLoop: Bool) {
        var omitted: [AuditStage] = []
        guard var started = event(exchange, code: head.status.code, onLoop: onLoop, omitted: &omitted) else { return }
        let log = log, shard = exchange.context.connection.loopIndex
        started.auditID = SecureRandom.bytes(16)
        started.stage = .responseStarted
        if !omitted.contains(.responseStarted) { log.record(started, shard: shard) }
        guard !omitted.contains(.responseComplete) else { return }
        stream.onClose { [started] in
            var complete = started
            complete.stage = .responseComplete
            complete.stageTime = wallClockNanoseconds()
            log.record(complete, shard: shard)
        }
    }

    /// The event for this exchange, or nil at level None; `omitted`: the stages the policy leaves out. On the
    /// loop, a request like the connection's last one (same target, user and headers) takes the level and
    /// the encoded event part from the connection's memo; a request with a body (a create, an update,
    /// whose object may complete objectRef) never does.
    private func event(_ exchange: Exchange, code: Int, onLoop: Bool, omitted: inout [AuditStage]) -> AuditRecord? {
        let request = exchange.request
        let user = exchange.user ?? portUser
        let headers = AuditRequestMemo.Headers(request.headers)
        let memo = onLoop && request.body.isEmpty ? ConnectionMemo.of(exchange.context.connection) : nil
        if let known = memo?.audit,
            known.matches(log: log, method: request.method, target: request.target, user: user, headers: headers)
        {
            guard known.level != .none else { return nil }
            omitted = known.omitStages
            return record(exchange, level: known.level, user: user, code: code, request: .encoded(known.encodedRequest))
        }
        let attributes = exchange.attributes
        let level: AuditLevel
        (level, omitted) = log.policy.decide(attributes, user: user)
        guard level != .none else {
            memo?.audit = AuditRequestMemo(
                log: log, method: request.method, target: request.target, user: user, headers: headers,
                level: level, omitStages: omitted, encodedRequest: [])
            return nil
        }
        var fields = AuditRequestFields(
            requestURI: request.target, verb: attributes.verb, user: user, remoteIP: exchange.clientHost,
            forwardedFor: headers.forwardedFor, realIP: headers.realIP, userAgent: headers.userAgent,
            objectRef: attributes.isResourceRequest ? AuditObjectReference(attributes) : nil)
        if let a = headers.userAgent, a.utf8.count > Self.maxUserAgentLength {
            fields.userAgent = String(decoding: a.utf8.prefix(Self.maxUserAgentLength), as: UTF8.self) + "...TRUNCATED"
        }
        if (attributes.verb == "create" || attributes.verb == "update") && !request.body.isEmpty
            && request.headers["content-type"]?.contains("json") != false
        {
            fields.requestObject = request.body
        }
        guard let memo else { return record(exchange, level: level, user: user, code: code, request: .fields(fields)) }
        var encoded: [UInt8] = []
        AuditEventEncoder.request(fields, into: &encoded)
        memo.audit = AuditRequestMemo(
            log: log, method: request.method, target: request.target, user: user, headers: headers, level: level,
            omitStages: omitted, encodedRequest: encoded)
        return record(exchange, level: level, user: user, code: code, request: .encoded(encoded))
    }

    private func record(_ exchange: Exchange, level: AuditLevel, user: UserInfo?, code: Int, request: AuditRequest)
        -> AuditRecord
    {
        let now = wallClockNanoseconds()
        let received = now - (monotonicNanoseconds() - exchange.context.receivedAt)
        return AuditRecord(
            level: level, stage: user == nil ? .responseStarted : .responseComplete, request: request,
            code: code, received: received, stageTime: now, decision: exchange.authorization)
    }
}
