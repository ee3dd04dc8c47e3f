import Testing
@testable import APIServer
@testable import Console

/// An attached console: q detaches (and says the master keeps serving), :stop stops the master after
/// asking, the header says where the data comes from and a lost master is said on screen.
@Suite("Attached console: detach, stop, disconnected")
struct AttachedModelTests {
    func attached() -> ConsoleModel {
        var m = ConsoleModel()
        m.attached = true
        return m
    }

    @Test func qDetachesAndTheDialogSaysTheMasterKeepsServing() {
        var m = attached()
        #expect(m.handle(.char("q")).isEmpty)
        #expect(m.dialog == .confirmDetach)
        var canvas = Canvas(width: 100, height: 30)
        Overlay.dialog(&canvas, .confirmDetach)
        #expect(canvas.lines.joined().contains("Detach? The master keeps serving"))
        #expect(m.handle(.char("y")) == [.quit])
        // Embedded, the same key stops the server, and says so.
        var embedded = ConsoleModel()
        _ = embedded.handle(.char("q"))
        #expect(embedded.dialog == .confirmQuit)
    }

    @Test func stopIsItsOwnConfirmedCommand() {
        var m = attached()
        _ = m.handle(.char(":"))
        for c in "stop" { _ = m.handle(.char(c)) }
        #expect(m.handle(.enter).isEmpty)
        #expect(m.dialog == .confirmStop)
        #expect(m.handle(.char("n")).isEmpty)
        #expect(m.dialog == nil)
        _ = m.handle(.char(":"))
        for c in "stop" { _ = m.handle(.char(c)) }
        _ = m.handle(.enter)
        #expect(m.handle(.char("y")) == [.stopMaster])
        // Embedded, :stop is quitting (which stops the server): the quit dialog.
        var embedded = ConsoleModel()
        _ = embedded.handle(.char(":"))
        for c in "stop" { _ = embedded.handle(.char(c)) }
        _ = embedded.handle(.enter)
        #expect(embedded.dialog == .confirmQuit)
    }

    @Test func stoppingTheMasterLeavesWithAFarewellOrStaysWithTheRefusal() {
        var model = attached()
        #expect(!EffectRunner(control: RecordingControl()).run(.stopMaster, &model))
        #expect(model.farewell == "the master is stopping: it finishes the requests in flight, then exits")
        var refused = attached()
        let control = RecordingControl(
            rotation: .failure(ControlError(#"forbidden: User "viewer" cannot post path "/debug/console/v1/stop""#)))
        #expect(EffectRunner(control: control).run(.stopMaster, &refused))
        #expect(
            refused.flash?.text == #"stop refused: forbidden: User "viewer" cannot post path "/debug/console/v1/stop""#)
        #expect(refused.flash?.isError == true)
    }

    @Test func theHeaderSaysWhereTheDataComesFromAndALostMasterIsSaid() {
        var data = Fixtures.data()
        data.attachment = "attached to master-1 (pid 4242) as admin"
        data.disconnected = "connection refused"
        var m = attached()
        m.setFlash("an older message")
        let canvas = Fixtures.render(&m, data, 160, 30)
        #expect(
            canvas.text(0).hasPrefix(
                "kube-console v1.32.0+kube-console.0.1.0 │ attached to master-1 (pid 4242) as admin │ up 1h02m"))
        #expect(canvas.text(28) == "disconnected: connection refused, retrying (q detaches)")
        #expect(canvas.role(at: 28, 0) == .flashError)
        #expect(canvas.text(3).hasPrefix("PORT"))  // the last screen stays under it
    }

    @Test func theAttachmentLineNamesTheMasterAndTheUser() {
        let target = AttachTarget.local(socket: "/d/console.sock")
        #expect(RemoteServerControl.attachment(nil, target: target) == "attaching to /d/console.sock")
        var hello = ConsoleHello(
            pid: 7, host: "m1", dataDir: "/d", version: "v", startedAt: 0, channel: "local", peer: "uid 0",
            mayWrite: true)
        #expect(RemoteServerControl.attachment(hello, target: target) == "attached to m1 (pid 7)")
        hello.channel = "remote"
        hello.peer = "viewer"
        hello.mayWrite = false
        #expect(RemoteServerControl.attachment(hello, target: target) == "attached to m1 (pid 7) as viewer, read-only")
    }

    @Test func aRefusalIsTheMastersStatusMessage() {
        let status =
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \"viewer\" cannot post path \"/debug/console/v1/stop\": No policy matched.","reason":"Forbidden","code":403}"#
        #expect(
            RemoteServerControl.refusal(status: 403, body: Array(status.utf8))
                == #"forbidden: User "viewer" cannot post path "/debug/console/v1/stop": No policy matched."#)
        #expect(
            RemoteServerControl.refusal(status: 403, body: Array("uid 1000 may not use this socket\n".utf8))
                == "HTTP 403: uid 1000 may not use this socket")
        #expect(RemoteServerControl.refusal(status: 502, body: []) == "HTTP 502")
    }

    @Test func framesAreCutFromTheStreamWhateverTheChunks() throws {
        var reader = FrameReader()
        let bye = ConsoleFrame.bye(reason: "shutting down").encoded()
        #expect(try reader.feed(Array(bye.prefix(7))).isEmpty)
        #expect(try reader.feed(Array(bye.dropFirst(7)) + Array(bye.prefix(3))) == [.bye(reason: "shutting down")])
        #expect(try reader.feed(Array(bye.dropFirst(3)) + [10]) == [.bye(reason: "shutting down")])
        #expect(throws: ConsoleWireError.self) { _ = try reader.feed(Array("{\"type\":3}\n".utf8)) }
    }
}
