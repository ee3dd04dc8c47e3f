import Testing
@testable import APIServer
@testable import Console

/// Views drawn on a Canvas at the two sizes the console must handle.
@Suite("Console views on a canvas")
struct ViewTests {
    static let sizes = [(80, 24), (200, 50)]

    func frame(
        _ view: View, _ size: (Int, Int), data: ConsoleData = Fixtures.data(),
        edit: (inout ConsoleModel) -> Void = { _ in }
    ) -> Canvas {
        var model = ConsoleModel()
        model.view = view
        edit(&model)
        return Fixtures.render(&model, data, size.0, size.1)
    }

    @Test("layout: header, tabs, flash and hint lines", arguments: sizes)
    func layout(size: (Int, Int)) {
        let c = frame(.ports, size) { $0.setFlash("policy reloaded: 3 rules") }
        #expect(c.width == size.0 && c.height == size.1)
        #expect(c.text(0).hasPrefix("kube-console v1.32.0+kube-console.0.1.0 │ embedded │ up 1h02m"))
        #expect(c.text(1).hasPrefix("requests 30 · 2xx 0"))
        #expect(c.text(2).contains("1 Ports"))
        #expect(c.text(size.1 - 2) == "policy reloaded: 3 rules")
        #expect(c.text(size.1 - 1).hasPrefix("?:help"))
        for row in 0..<size.1 { #expect(DisplayWidth.of(c.text(row)) <= size.0, "row \(row) overflows") }
    }

    @Test("ports view", arguments: sizes)
    func ports(size: (Int, Int)) {
        let c = frame(.ports, size)
        #expect(c.text(3).hasPrefix("PORT"))
        #expect(c.text(4).hasPrefix("localhost 0.0.0.0:8080"))
        #expect(c.text(5).hasPrefix("read-only 192.168.1.5:7080"))
        #expect(c.text(6).contains("failed"))
        #expect(c.lines.contains { $0.contains("WARNING: the localhost port") })
        // Warnings in red: the failed secure port (row 4, the first, is under the cursor).
        #expect((0..<size.0).contains { c.role(at: 6, $0) == .warning })
        #expect(!(0..<size.0).contains { c.role(at: 5, $0) == .warning })
        if size.0 == 200 {
            #expect(c.text(3).contains("P99"))
            #expect(c.text(3).contains("ACTIVITY"))
            #expect(c.text(4).contains("12.5"))
        }
    }

    @Test("requests view follows the tail and colours statuses", arguments: sizes)
    func requests(size: (Int, Int)) {
        let c = frame(.requests, size, data: Fixtures.data(requests: 500))
        #expect(c.text(3).hasPrefix("500 of 500 requests"))
        #expect(c.text(3).contains("following"))
        #expect(c.text(4).hasPrefix("TIME"))
        let lastRow = size.1 - 3
        #expect(c.text(lastRow).contains("10.0.0.249"))  // the tail (request 499) is on screen
        if size.0 == 200 { #expect(c.text(lastRow).contains("pod-499")) }
        let statusColumn = c.text(4).range(of: "STATUS").map {
            c.text(4).distance(from: c.text(4).startIndex, to: $0.lowerBound)
        }
        if let col = statusColumn {
            #expect([Role.ok, .clientError].contains(c.role(at: lastRow, col + 3)))
        }
    }

    @Test func scrolledRequestsShowTheIndicatorAndTheSelection() {
        let c = frame(.requests, (200, 50), data: Fixtures.data(requests: 500)) { m in
            m.clamp(rows: [.requests: 500])
            m.pageSize = Screen.pageSize(height: 50)
            _ = m.handle(.pageUp)
            _ = m.handle(.pageUp)
        }
        let target = "pod-\(499 - 2 * Screen.pageSize(height: 50))"
        #expect(c.text(3).contains("scrolled: G or End resumes following"))
        #expect(c.lines.contains { $0.contains(target) })
        #expect(!c.lines.contains { $0.contains("pod-499") })
        #expect(c.lines.indices.contains { row in c.text(row).contains(target) && c.role(at: row, 0) == .selected })
    }

    @Test func filterNarrowsByTextRegexPortAndClass() {
        let data = Fixtures.data(requests: 100)
        let text = frame(.requests, (200, 50), data: data) { $0.filterText = "pod-4[0-2] " }
        #expect(text.text(3).hasPrefix("3 of 100 requests"))
        let plain = frame(.requests, (200, 50), data: data) { $0.filterText = "POD-99" }
        #expect(plain.text(3).hasPrefix("1 of 100 requests"))
        let byPort = frame(.requests, (200, 50), data: data) { $0.portFilter = .readOnly }
        #expect(byPort.text(3).hasPrefix("34 of 100 requests"))
        let byClass = frame(.requests, (200, 50), data: data) { $0.classFilter = 4 }
        #expect(byClass.text(3).hasPrefix("15 of 100 requests"))
    }

    @Test("rate limits, sorted by rejections", arguments: sizes)
    func rateLimits(size: (Int, Int)) {
        let c = frame(.rateLimits, size)
        #expect(c.text(4).hasPrefix("CLIENT"))
        #expect(c.text(5).hasPrefix("global"))
        #expect(c.text(6).hasPrefix("10.0.0.9"))
        #expect(c.text(5).contains("[") && c.text(5).contains("█"))
    }

    @Test("auth failures", arguments: sizes)
    func authFailures(size: (Int, Int)) {
        let c = frame(.authFailures, size)
        #expect(c.text(3) == "by reason: unknown token 1")
        #expect(c.text(5).contains("unknown token"))
        #expect(c.text(5).contains("deadbeef"))
    }

    @Test("credentials", arguments: sizes)
    func credentials(size: (Int, Int)) {
        let c = frame(.credentials, size)
        #expect(c.text(3).hasPrefix("USER"))
        #expect(c.text(4).hasPrefix("admin"))
        #expect(c.text(4).contains("1a2b3c4d"))
        #expect(c.text(4).contains("1m30s"))
        #expect(c.text(5).contains("3d00h"))
        #expect(c.lines.contains { $0.hasPrefix("client CA: none") })
        // Service accounts given tokens: how many and when, never a token.
        #expect(c.lines.contains { $0.hasPrefix("service account tokens: ci/builder ×2 (last 30s ago)") })
        let empty = frame(
            .credentials, size,
            data: {
                var d = Fixtures.data(); d.serviceAccountTokens = []; return d
            }())
        #expect(empty.lines.contains { $0.hasPrefix("service account tokens: none issued") })
    }

    @Test("policy", arguments: sizes)
    func policy(size: (Int, Int)) {
        let c = frame(.policy, size)
        #expect(c.text(3).hasPrefix("ABAC · /var/lib/kube-console/policy.jsonl"))
        #expect(c.text(4) == "last reload: policy refused: policy.jsonl:4: invalid JSON")
        #expect(c.role(at: 4, 0) == .warning)
        #expect(c.text(6).contains("user admin"))
        #expect(c.text(7).contains("group system:authenticated"))
    }

    @Test func overlaysDrawOverTheView() {
        let help = frame(.ports, (80, 24)) { $0.showHelp = true }
        #expect(help.lines.contains { $0.contains("keys (any key closes)") })
        #expect(help.lines.contains { $0.contains("rotate the selected user's token") })
        let confirm = frame(.credentials, (80, 24)) { $0.dialog = .confirmRotate(user: "viewer") }
        #expect(confirm.lines.contains { $0.contains("Give viewer a new token?") })
    }

    @Test func narrowTerminalsTruncateGracefully() {
        let c = frame(.requests, (80, 24), data: Fixtures.data(requests: 40))
        for row in 0..<24 { #expect(DisplayWidth.of(c.text(row)) <= 80) }
        #expect(c.text(0).hasSuffix("…"))  // the long header is cut, with a mark
        let tiny = frame(.ports, (30, 8))
        #expect(tiny.height == 8)
    }

    @Test func wideCharactersTakeTwoColumns() {
        var canvas = Canvas(width: 10, height: 1)
        let used = canvas.put(0, 0, "日本語abc")
        #expect(used == 9)
        #expect(canvas.text(0) == "日本語abc")
        #expect(DisplayWidth.truncate("日本語abc", to: 5) == "日本…")
        #expect(DisplayWidth.of("é") == 1)
    }

    @Test func tableLayoutShrinksThenDropsColumns() {
        let columns = [
            Column("A", 10, min: 4, priority: Column.essential), Column("B", 10, min: 4, priority: Column.essential),
            Column("C", 10, min: 4, flexible: true, priority: Column.essential),
        ]
        #expect(TableLayout.widths(columns, total: 40) == [10, 10, 18])
        #expect(TableLayout.widths(columns, total: 20) == [10, 4, 4])
        #expect(TableLayout.widths(columns, total: 9) == [4, 4, 0])
        // Less important columns go first, and their room goes to the flexible one.
        let ranked = [
            Column("KEY", 5, priority: Column.essential), Column("EXTRA", 10, priority: 1),
            Column("TEXT", 10, min: 4, flexible: true, priority: Column.essential),
        ]
        #expect(TableLayout.widths(ranked, total: 20) == [5, 0, 14])
    }

    @Test func onlyVisibleRowsAreDrawnSoBigLogsCostTheSame() {
        // A 100,000-request log draws the same number of rows as a 100-request one.
        let big = frame(.requests, (200, 50), data: Fixtures.data(requests: 100_000))
        let small = frame(.requests, (200, 50), data: Fixtures.data(requests: 100))
        #expect(
            big.lines.filter { $0.contains("/api/v1/") }.count == small.lines.filter { $0.contains("/api/v1/") }.count)
    }

    @Test func rateSamplerAndSparkline() {
        var s = RateSampler()
        s.observe(total: 0, at: 0)
        s.observe(total: 10, at: 1_000_000_000)
        s.observe(total: 40, at: 3_000_000_000)
        #expect(s.history == [10, 15, 15])
        #expect(Format.sparkline([0, 5, 10], width: 5) == "  ▁▄█")
    }
}
