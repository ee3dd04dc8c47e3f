import HTTP

/// The operations a console may ask for, carried out through the server's live operations, each one
/// audited.
extension ConsoleChannel {
    func perform(_ operation: ConsoleOperation, peer: ConsolePeer) -> ConsoleOperationResult {
        let result = outcome(of: operation)
        auditOperation(operation, peer: peer, result: result)
        publisher.publishSoon()
        return result
    }

    private func outcome(of operation: ConsoleOperation) -> ConsoleOperationResult {
        let name = operation.name
        switch operation {
        case .rotateToken(let user):
            do {
                let token = try server.rotateToken(user: user)
                return ConsoleOperationResult(
                    operation: name, outcome: .done,
                    message: "rotated the token of \(user) (new fingerprint \(Fingerprint.of(token)))",
                    tokens: [user: token])
            } catch {
                return ConsoleOperationResult(operation: name, outcome: .refused, message: error.description)
            }
        case .rotateAllTokens:
            do {
                let tokens = try server.rotateAllTokens()
                return ConsoleOperationResult(
                    operation: name, outcome: .done, message: "rotated \(tokens.count) tokens", tokens: tokens)
            } catch {
                return ConsoleOperationResult(operation: name, outcome: .refused, message: error.description)
            }
        case .reloadTokens:
            switch server.reloadTokens() {
            case .loaded(let users):
                return ConsoleOperationResult(
                    operation: name, outcome: .done, message: TokenReloadResult.loaded(users: users).summary,
                    count: users)
            case .refused(let why): return ConsoleOperationResult(operation: name, outcome: .refused, message: why)
            }
        case .reloadPolicy:
            switch server.reloadPolicy() {
            case .loaded(let rules):
                return ConsoleOperationResult(
                    operation: name, outcome: .done, message: PolicyStore.ReloadResult.loaded(rules: rules).summary,
                    count: rules)
            case .refused(let why): return ConsoleOperationResult(operation: name, outcome: .refused, message: why)
            }
        case .stop:
            return ConsoleOperationResult(
                operation: name, outcome: .done, message: "stopping: finishing requests in flight")
        }
    }

    /// Where a console's operation is recorded: a line in the master's log (stderr for `serve`) and, with
    /// `--audit-log-path`, an audit event at the level the audit policy gives a POST of the operation's
    /// path by that user: who (the authenticated user on the secure port; on the socket, the peer's Unix
    /// account and uid), what (`console.kube-console.io/operation`, and the user whose token was rotated),
    /// the outcome and its message. Never a token: results carry them, messages only fingerprints. On the
    /// secure port the POST has its own event as well (the audit filter's), without the outcome.
    func auditOperation(_ operation: ConsoleOperation, peer: ConsolePeer, result: ConsoleOperationResult) {
        let target = if case .rotateToken(let user) = operation { " \(user)" } else { "" }
        log(
            "console channel: \(peer.description): \(operation.name)\(target): \(result.outcome.rawValue): \(result.message)"
        )
        guard let auditLog = server.auditLog else { return }
        let user = peer.auditUser
        let attributes = RequestAttributes.from(method: "POST", path: operation.path[...], query: nil, user: user)
        let (level, omitted) = auditLog.policy.decide(attributes, user: user)
        guard level != .none, !omitted.contains(.responseComplete) else { return }
        var annotations = [
            (key: "console.kube-console.io/operation", value: operation.name),
            (key: "console.kube-console.io/outcome", value: result.outcome.rawValue),
            (key: "console.kube-console.io/message", value: result.message),
            (key: "console.kube-console.io/channel", value: peer.channel),
        ]
        if case .rotateToken(let name) = operation {
            annotations.append((key: "console.kube-console.io/user", value: name))
        }
        let now = wallClockNanoseconds()
        var record = AuditRecord(
            level: level, stage: .responseComplete, requestURI: operation.path, verb: attributes.verb, user: user,
            remoteIP: peer.sourceIP, objectRef: nil, code: 200, received: now, stageTime: now,
            decision: peer.channel == "remote" ? .allow : nil)
        record.annotations = annotations
        auditLog.record(record, shard: 0)
    }
}
