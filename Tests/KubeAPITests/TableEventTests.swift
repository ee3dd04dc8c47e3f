import Testing
@testable import KubeAPI

@Suite("Tables: events (printEvent, wide)")
struct TableEventTests {
    let f = TableFixture.self

    @Test func coreEventWithCount() {
        let cells = f.cells(
            "events",
            """
            {"metadata":{"name":"busy.17d1","namespace":"default"},
             "involvedObject":{"kind":"Pod","namespace":"default","name":"busy","fieldPath":"spec.containers{busy}"},
             "reason":"BackOff","message":"Back-off restarting failed container busy\\n","type":"Warning",
             "source":{"component":"kubelet","host":"node-a"},
             "firstTimestamp":"2024-06-01T11:00:00Z","lastTimestamp":"2024-06-01T11:59:52Z","count":12}
            """)
        #expect(
            cells == [
                .string("8s"), .string("Warning"), .string("BackOff"), .string("pod/busy"),
                .string("spec.containers{busy}"),
                .string("kubelet, node-a"), .string("Back-off restarting failed container busy"), .string("60m"),
                .int(12),
                .string("busy.17d1"),
            ])
        #expect(cells.count == TablePrinter.columns(resource: "events").count)
    }

    @Test func newStyleEventsUseEventTimeSeriesAndReportingController() {
        let single = f.cells(
            "events",
            """
            {"metadata":{"name":"e1"},"involvedObject":{"kind":"Node"},"reason":"RegisteredNode","type":"Normal",
             "eventTime":"2024-06-01T11:54:59.900000Z","reportingComponent":"node-controller","reportingInstance":""}
            """)
        #expect(single[0] == .string("5m"))
        #expect(single[3] == .string("node"))
        #expect(single[5] == .string("node-controller"))
        #expect(single[7] == .string("5m"))
        #expect(single[8] == .int(1))

        let series = f.cells(
            "events",
            """
            {"metadata":{"name":"e2"},"involvedObject":{"kind":"Pod","name":"p"},"eventTime":"2024-06-01T10:00:00.000000Z",
             "series":{"count":7,"lastObservedTime":"2024-06-01T11:59:30.000000Z"}}
            """)
        #expect(series[0] == .string("30s"))
        #expect(series[7] == .string("120m"))
        #expect(series[8] == .int(7))
        let untimed = f.cells("events", #"{"metadata":{"name":"e3"},"involvedObject":{"kind":"Pod","name":"p"}}"#)
        #expect(untimed[0] == .string("<unknown>"))
    }
}
