import APIServer

/// Carries out the model's effects through `ServerControl` and reports each outcome on the model's flash
/// line (new tokens wait in `pendingTokens` until shown once).
struct EffectRunner {
    let control: any ServerControl
    /// How to reach another master of the Masters view (a failure says why on the flash line).
    var attachTarget: @Sendable (MasterRow) -> Result<AttachTarget, ControlError> = { _ in
        .failure(ControlError("this console cannot attach elsewhere"))
    }

    /// Runs one effect; false means quit.
    func run(_ effect: Effect, _ model: inout ConsoleModel) -> Bool {
        switch effect {
        case .quit:
            return false
        case .stopMaster:
            do {
                try control.stopMaster()
                model.farewell = "the master is stopping: it finishes the requests in flight, then exits"
                return false
            } catch {
                model.setFlash("stop refused: \(error)", error: true)
            }
        case .rotateToken(let user):
            do {
                let token = try control.rotateToken(user: user)
                model.pendingTokens = ["\(user): \(token)"]
                model.setFlash(
                    "rotated the token of \(user) (new fingerprint \(Fingerprint.of(token)))\(user == "admin" ? "; admin.kubeconfig rewritten" : ""); t shows it once"
                )
            } catch {
                model.setFlash("rotation refused: \(error)", error: true)
            }
        case .rotateAllTokens:
            do {
                let fresh = try control.rotateAllTokens()
                model.pendingTokens = fresh.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                model.setFlash(
                    "rotated \(fresh.count) tokens\(fresh["admin"] != nil ? "; admin.kubeconfig rewritten" : ""); t shows them once"
                )
            } catch {
                model.setFlash("rotation refused: \(error)", error: true)
            }
        case .reloadPolicy:
            let result = control.reloadPolicy()
            if case .refused = result {
                model.setFlash(result.summary, error: true)
            } else {
                model.setFlash(result.summary)
            }
        case .attachMaster(let master):
            switch attachTarget(master) {
            case .success(let target):
                model.nextTarget = target
                return false
            case .failure(let error):
                model.setFlash("cannot attach to \(master.name): \(error)", error: true)
            }
        case .reloadTokens:
            let result = control.reloadTokens()
            if case .refused = result {
                model.setFlash(result.summary, error: true)
            } else {
                model.setFlash(result.summary)
            }
        }
        return true
    }
}
