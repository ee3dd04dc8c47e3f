import HTTP

/// kube-apiserver's audit filter: each answer becomes an audit.k8s.io/v1 `Event` at the level the audit
/// policy gives it. The filter comes right after `ObserveFilter` and reads the user when the answer comes:
/// an authenticated request has its user; one refused by authentication (401) has none, and its event is
/// the single ResponseStarted one kube's failed-authentication audit writes, with an empty user. A watch
/// gets a ResponseStarted event as it starts and a ResponseComplete one as it ends. The event is taken
/// here, on the loop; encoding and writing happen on the audit log's own thread.
public struct AuditFilter: APIFilter, ExchangeHook {
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
        exchange.addHook(self)
        next.handle(exchange)
    }

    public func answered(_ exchange: Exchange, response: HTTPResponse) {
        guard let (event, omitted) = event(exchange, code: response.status.code), !omitted.contains(event.stage) else {
            return
        }
        var record = event
        if response.body.starts(with: Self.statusPrefix) { record.statusBody = response.body }
        log.record(record, shard: exchange.context.connection.loopIndex)
    }

    public func streaming(_ exchange: Exchange, head: HTTPResponseHead, stream: HTTPStream) {
        guard let (event, omitted) = event(exchange, code: head.status.code) else { return }
        let log = log, shard = exchange.context.connection.loopIndex
        var started = event
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

    /// The event for this exchange, or nil at level None; with the stages the policy leaves out.
    private func event(_ exchange: Exchange, code: Int) -> (AuditRecord, [AuditStage])? {
        let request = exchange.request
        let user = exchange.user ?? portUser
        let attributes = exchange.attributes
        let (level, omitted) = log.policy.decide(attributes, user: user)
        guard level != .none else { return nil }
        let now = wallClockNanoseconds()
        let received = now - (monotonicNanoseconds() - exchange.context.receivedAt)
        var agent = request.headers["user-agent"]
        if let a = agent, a.utf8.count > Self.maxUserAgentLength {
            agent = String(decoding: a.utf8.prefix(Self.maxUserAgentLength), as: UTF8.self) + "...TRUNCATED"
        }
        var record = AuditRecord(
            level: level, stage: user == nil ? .responseStarted : .responseComplete, requestURI: request.target,
            verb: attributes.verb, user: user, remoteIP: exchange.clientHost,
            forwardedFor: request.headers["x-forwarded-for"],
            realIP: request.headers["x-real-ip"], userAgent: agent,
            objectRef: attributes.isResourceRequest ? AuditObjectReference(attributes) : nil, code: code,
            received: received, stageTime: now, decision: exchange.authorization)
        if (attributes.verb == "create" || attributes.verb == "update") && !request.body.isEmpty
            && request.headers["content-type"]?.contains("json") != false
        {
            record.requestObject = request.body
        }
        return (record, omitted)
    }
}
