import Testing
@testable import APIServer
@testable import Console

/// Every binding, on the pure model: no terminal involved.
@Suite("Console model: keys")
struct ModelTests {
    func model(on view: View = .ports, rows: [View: Int] = [.ports: 3, .requests: 100, .credentials: 2, .policy: 4])
        -> ConsoleModel
    {
        var m = ConsoleModel()
        m.view = view
        m.userRows = ["admin", "viewer"]
        m.pageSize = 10
        m.clamp(rows: rows)
        return m
    }

    @Test func numbersTabAndShiftTabSwitchViews() {
        var m = model()
        for v in View.allCases {
            _ = m.handle(.char(Character(String(v.rawValue))))
            #expect(m.view == v)
        }
        _ = m.handle(.tab)
        #expect(m.view == .ports)  // wraps from 7 to 1
        _ = m.handle(.backTab)
        #expect(m.view == .masters)
        _ = m.handle(.backTab)
        #expect(m.view == .policy)
    }

    @Test func movementKeys() {
        var m = model(on: .policy)
        _ = m.handle(.down); _ = m.handle(.char("j"))
        #expect(m.selected(.policy) == 2)
        _ = m.handle(.up); _ = m.handle(.char("k")); _ = m.handle(.char("k"))
        #expect(m.selected(.policy) == 0)  // clamped at the top
        _ = m.handle(.end)
        #expect(m.selected(.policy) == 3)
        _ = m.handle(.home)
        #expect(m.selected(.policy) == 0)
        _ = m.handle(.char("G"))
        #expect(m.selected(.policy) == 3)
        _ = m.handle(.char("g"))
        #expect(m.selected(.policy) == 0)
        _ = m.handle(.pageDown)
        #expect(m.selected(.policy) == 3)  // a page is more than there is
    }

    @Test func scrollingUpPausesFollowingAndGResumes() {
        var m = model(on: .requests)
        #expect(m.following)
        #expect(m.selected(.requests) == 99)
        _ = m.handle(.up)
        #expect(!m.following)
        #expect(m.selected(.requests) == 98)
        _ = m.handle(.pageUp)
        #expect(m.selected(.requests) == 88)
        // New rows arrive: the cursor stays where the operator put it.
        m.clamp(rows: [.requests: 150])
        #expect(m.selected(.requests) == 88)
        _ = m.handle(.char("G"))
        #expect(m.following)
        m.clamp(rows: [.requests: 200])
        #expect(m.selected(.requests) == 199)
        _ = m.handle(.home)
        #expect(!m.following)
        _ = m.handle(.end)
        #expect(m.following)
    }

    @Test func filterNarrowsLiveEscClearsEnterKeeps() {
        var m = model()
        _ = m.handle(.char("/"))
        #expect(m.view == .requests)
        for c in "pods" { _ = m.handle(.char(c)) }
        #expect(m.filterText == "pods")  // live, before Enter
        _ = m.handle(.backspace)
        #expect(m.filterText == "pod")
        _ = m.handle(.enter)
        #expect(m.mode == .normal)
        #expect(m.filterText == "pod")
        _ = m.handle(.char("/"))
        _ = m.handle(.char("x"))
        _ = m.handle(.escape)
        #expect(m.filterText == "")
        #expect(m.mode == .normal)
    }

    @Test func portAndClassFiltersCycle() {
        var m = model()
        let ports = (0..<4).map { _ -> PortKind? in
            _ = m.handle(.char("p")); return m.portFilter
        }
        #expect(ports == [.localhost, .readOnly, .secure, nil])
        let classes = (0..<5).map { _ -> Int? in
            _ = m.handle(.char("c")); return m.classFilter
        }
        #expect(classes == [2, 3, 4, 5, nil])
    }

    @Test func pauseWithZOrSpace() {
        var m = model()
        _ = m.handle(.char("Z"))
        #expect(m.paused)
        _ = m.handle(.char(" "))
        #expect(!m.paused)
    }

    @Test func rotateAsksFirstAndOnlyForASelectedUser() {
        var m = model(on: .ports)
        #expect(m.handle(.char("r")).isEmpty)
        #expect(m.dialog == nil)
        #expect(m.flash?.isError == true)
        m = model(on: .credentials)
        _ = m.handle(.down)
        #expect(m.handle(.char("r")).isEmpty)
        #expect(m.dialog == .confirmRotate(user: "viewer"))
        #expect(m.handle(.char("n")).isEmpty)
        #expect(m.dialog == nil)
        _ = m.handle(.char("r"))
        #expect(m.handle(.char("y")) == [.rotateToken(user: "viewer")])
        _ = m.handle(.char("R"))
        #expect(m.dialog == .confirmRotateAll)
        #expect(m.handle(.char("y")) == [.rotateAllTokens])
    }

    @Test func newTokenIsShownOnceOnRequest() {
        var m = model()
        m.pendingTokens = ["viewer: abc123"]
        _ = m.handle(.char("t"))
        #expect(m.dialog == .showTokens(["viewer: abc123"]))
        _ = m.handle(.char("x"))  // any key closes
        #expect(m.dialog == nil)
        _ = m.handle(.char("t"))
        #expect(m.dialog == nil)  // gone for good
        #expect(m.flash?.text == "no new token to show")
    }

    @Test func reloadKeys() {
        var m = model()
        #expect(m.handle(.char("P")) == [.reloadPolicy])
        #expect(m.handle(.ctrl("r")) == [.reloadPolicy])
        #expect(m.handle(.char("T")) == [.reloadTokens])
    }

    @Test func commandLine() {
        var m = model()
        func run(_ text: String) -> [Effect] {
            _ = m.handle(.char(":"))
            for c in text { _ = m.handle(.char(c)) }
            return m.handle(.enter)
        }
        #expect(run("rotate kubelet") == [.rotateToken(user: "kubelet")])
        #expect(run("reload policy") == [.reloadPolicy])
        #expect(run("reload tokens") == [.reloadTokens])
        #expect(run("q") == [.quit])
        #expect(run("frobnicate").isEmpty)
        #expect(m.flash?.isError == true)
        #expect(run("rotate all").isEmpty)
        #expect(m.dialog == .confirmRotateAll)
    }

    @Test func quitAsksFirst() {
        var m = model()
        #expect(m.handle(.char("q")).isEmpty)
        #expect(m.dialog == .confirmQuit)
        #expect(m.handle(.char("n")).isEmpty)
        #expect(m.handle(.ctrl("c")).isEmpty)
        #expect(m.dialog == .confirmQuit)
        #expect(m.handle(.char("y")) == [.quit])
    }

    @Test func helpOverlayOpensAndAnyKeyCloses() {
        var m = model()
        _ = m.handle(.char("?"))
        #expect(m.showHelp)
        #expect(m.handle(.char("q")).isEmpty)  // closes help, does not quit
        #expect(!m.showHelp)
        #expect(m.dialog == nil)
    }
}
