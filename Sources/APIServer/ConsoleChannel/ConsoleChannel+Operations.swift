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

    /// Where a console's operation is recorded. There is no audit log yet: the line goes to the master's
    /// log (stderr for `serve`). When one exists, this is the one call site that writes its event
    /// (who, which way in, what, the outcome; never a token).
    func auditOperation(_ operation: ConsoleOperation, peer: ConsolePeer, result: ConsoleOperationResult) {
        let target = if case .rotateToken(let user) = operation { " \(user)" } else { "" }
        log(
            "console channel: \(peer.description): \(operation.name)\(target): \(result.outcome.rawValue): \(result.message)"
        )
    }
}
