import Foundation
import Synchronization
import Testing
import TestSupport
@testable import APIServer
@testable import Console

/// A `ServerControl` with canned answers, recording what the console asked: the seam an attached
/// console will implement over a socket.
final class RecordingControl: ServerControl {
    let calls = Mutex<[String]>([])
    let rotation: Result<String, ControlError>
    let tokenReload: TokenReloadResult

    init(
        rotation: Result<String, ControlError> = .success("feedc0de"),
        tokenReload: TokenReloadResult = .loaded(users: 4)
    ) {
        self.rotation = rotation
        self.tokenReload = tokenReload
    }

    var changeCount: Int { 0 }
    func snapshot() -> ConsoleData { Fixtures.data() }

    func rotateToken(user: String) throws(ControlError) -> String {
        calls.withLock { $0.append("rotate \(user)") }
        return try rotation.get()
    }

    func rotateAllTokens() throws(ControlError) -> [String: String] {
        calls.withLock { $0.append("rotate all") }
        return ["admin": try rotation.get(), "viewer": "0ddba11"]
    }

    func reloadPolicy() -> PolicyStore.ReloadResult {
        calls.withLock { $0.append("reload policy") }
        return .loaded(rules: 3)
    }

    func reloadTokens() -> TokenReloadResult {
        calls.withLock { $0.append("reload tokens") }
        return tokenReload
    }

    var isEmbedded: Bool { false }

    func stopMaster() throws(ControlError) {
        calls.withLock { $0.append("stop") }
        if case .failure(let error) = rotation { throw error }
    }
}

@Suite("Console effects through ServerControl")
struct ServerControlTests {
    @Test func rotationResultsReachTheModel() {
        let control = RecordingControl()
        var model = ConsoleModel()
        #expect(EffectRunner(control: control).run(.rotateToken(user: "viewer"), &model))
        #expect(model.pendingTokens == ["viewer: feedc0de"])
        #expect(
            model.flash?.text
                == "rotated the token of viewer (new fingerprint \(Fingerprint.of("feedc0de"))); t shows it once")
        #expect(model.flash?.isError == false)
        #expect(EffectRunner(control: control).run(.rotateAllTokens, &model))
        #expect(model.pendingTokens == ["admin: feedc0de", "viewer: 0ddba11"])
        #expect(model.flash?.text == "rotated 2 tokens; admin.kubeconfig rewritten; t shows them once")
        #expect(control.calls.withLock { $0 } == ["rotate viewer", "rotate all"])
    }

    @Test func aRefusedRotationIsAnErrorAndShowsNoToken() {
        let control = RecordingControl(rotation: .failure(ControlError("no token file in use")))
        var model = ConsoleModel()
        _ = EffectRunner(control: control).run(.rotateToken(user: "viewer"), &model)
        #expect(model.pendingTokens.isEmpty)
        #expect(model.flash?.text == "rotation refused: no token file in use")
        #expect(model.flash?.isError == true)
    }

    /// Refusal is the result's case, not a word in its text.
    @Test func reloadResultsSayWhetherTheyWereRefused() {
        var model = ConsoleModel()
        _ = EffectRunner(control: RecordingControl()).run(.reloadTokens, &model)
        #expect(model.flash?.text == "tokens reloaded: 4 users")
        #expect(model.flash?.isError == false)
        _ = EffectRunner(control: RecordingControl(tokenReload: .refused("tokens.csv:3: missing uid"))).run(
            .reloadTokens, &model)
        #expect(model.flash?.text == "tokens refused: tokens.csv:3: missing uid")
        #expect(model.flash?.isError == true)
        _ = EffectRunner(control: RecordingControl()).run(.reloadPolicy, &model)
        #expect(model.flash?.text == "policy reloaded: 3 rules")
        #expect(!EffectRunner(control: RecordingControl()).run(.quit, &model))
    }

    /// The in-process adapter over a real server (secure port configured, nothing bound): what the
    /// console shows follows the operations made through it.
    @Test func theInProcessAdapterOperatesTheServer() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = ServerConfig()
        config.dataDir = dir
        config.port = 0
        config.readOnlyPort = 0
        config.securePort = freePort()
        config.publicAddressOverride = "127.0.0.1"
        config.accessLog = false
        config.ioLoops = 1
        let server = try APIServer(config: config, version: VersionInfo(buildDate: "2026-01-01T00:00:00Z"))
        defer { server.shutdown() }
        let control = InProcessServerControl(server: server)

        let before = control.snapshot()
        #expect(before.users.map(\.user).sorted() == ["admin", "kube-proxy", "kubelet", "viewer"])
        #expect(before.dataDir == dir)
        let viewer = try #require(before.users.first { $0.user == "viewer" })

        let token = try control.rotateToken(user: "viewer")
        #expect(control.snapshot().users.first { $0.user == "viewer" }?.fingerprint == Fingerprint.of(token))
        #expect(Fingerprint.of(token) != viewer.fingerprint)
        #expect(throws: ControlError("no token for user \"mallory\" in the token file")) {
            try control.rotateToken(user: "mallory")
        }

        try "not,a\n".write(toFile: dir + "/tokens.csv", atomically: true, encoding: .utf8)
        guard case .refused = control.reloadTokens() else { Issue.record("a broken token file was accepted"); return }
        let after = control.snapshot()
        guard case .refused? = after.lastTokenReload else { Issue.record("the refusal is not shown"); return }
        #expect(after.users.first { $0.user == "viewer" }?.fingerprint == Fingerprint.of(token))  // still in force
    }
}
