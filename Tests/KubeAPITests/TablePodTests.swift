import Testing
@testable import KubeAPI

@Suite("Tables: pods (printPod)")
struct TablePodTests {
    let f = TableFixture.self

    @Test func runningPod() {
        let cells = f.cells(
            "pods",
            """
            {"metadata":{"name":"web-1","namespace":"default","creationTimestamp":"2024-06-01T11:00:00Z"},
             "spec":{"nodeName":"node-a","containers":[{"name":"nginx"},{"name":"log"}]},
             "status":{"phase":"Running","podIP":"10.244.0.5","podIPs":[{"ip":"10.244.0.5"}],
               "conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
               "containerStatuses":[{"name":"nginx","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2024-06-01T11:00:05Z"}}},
                                    {"name":"log","ready":true,"restartCount":0,"state":{"running":{}}}]}}
            """)
        #expect(
            cells == f.strings(["web-1", "2/2", "Running", "0", "60m", "10.244.0.5", "node-a", "<none>", "<none>"]))
    }

    @Test func crashLoopingPodShowsRestartsAndWhen() {
        let cells = f.cells(
            "pods",
            """
            {"metadata":{"name":"busy","creationTimestamp":"2024-06-01T10:00:00Z"},"spec":{"containers":[{"name":"busy"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"busy","ready":false,"restartCount":12,
               "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s"}},
               "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2024-06-01T11:58:06Z"}}}]}}
            """)
        #expect(Array(cells[0..<5]) == f.strings(["busy", "0/1", "CrashLoopBackOff", "12 (114s ago)", "120m"]))
        #expect(cells[5] == .string("<none>"))
    }

    @Test func terminatingAndNodeLost() {
        let terminating = f.cells(
            "pods",
            """
            {"metadata":{"name":"t","creationTimestamp":"2024-05-01T12:00:00Z","deletionTimestamp":"2024-06-01T12:00:30Z"},
             "spec":{"containers":[{"name":"c"}]},"status":{"phase":"Running",
             "containerStatuses":[{"name":"c","ready":true,"restartCount":0,"state":{"running":{}}}]}}
            """)
        #expect(Array(terminating[0..<5]) == f.strings(["t", "1/1", "Terminating", "0", "31d"]))
        let lost = f.cells(
            "pods",
            """
            {"metadata":{"name":"l","deletionTimestamp":"2024-06-01T12:00:30Z"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Running","reason":"NodeLost"}}
            """)
        #expect(lost[2] == .string("Unknown"))
        #expect(lost[4] == .string("<unknown>"))
        // A finished pod being deleted keeps its final status.
        let done = f.cells(
            "pods",
            """
            {"metadata":{"name":"d","deletionTimestamp":"2024-06-01T12:00:30Z"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """)
        #expect(done[2] == .string("Completed"))
    }

    @Test func initContainers() {
        func status(_ initStatuses: String) -> JSONValue {
            f.cells(
                "pods",
                """
                {"metadata":{"name":"i"},"spec":{"initContainers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"c"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[\(initStatuses)],
                   "containerStatuses":[{"name":"c","state":{"waiting":{"reason":"PodInitializing"}}}]}}
                """)[2]
        }
        #expect(
            status(#"{"name":"a","state":{"terminated":{"exitCode":0}}},{"name":"b","state":{"running":{}}}"#)
                == .string("Init:1/2"))
        #expect(
            status(#"{"name":"a","state":{"waiting":{"reason":"ImagePullBackOff"}}}"#)
                == .string("Init:ImagePullBackOff"))
        #expect(status(#"{"name":"a","state":{"terminated":{"exitCode":2}}}"#) == .string("Init:ExitCode:2"))
        #expect(status(#"{"name":"a","state":{"terminated":{"exitCode":137,"signal":9}}}"#) == .string("Init:Signal:9"))
        #expect(status(#"{"name":"a","state":{"waiting":{"reason":"PodInitializing"}}}"#) == .string("Init:0/2"))
    }

    @Test func sidecarCountsAsAContainer() {
        let cells = f.cells(
            "pods",
            """
            {"metadata":{"name":"s"},"spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"app"}]},
             "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
               "initContainerStatuses":[{"name":"proxy","started":true,"ready":true,"restartCount":1,"state":{"running":{}}}],
               "containerStatuses":[{"name":"app","ready":true,"restartCount":2,"state":{"running":{}}}]}}
            """)
        #expect(Array(cells[1..<4]) == f.strings(["2/2", "Running", "3"]))
    }

    @Test func completedPodsAndRowConditions() throws {
        let pod = f.json(
            """
            {"metadata":{"name":"job-x"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"c","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """)
        let row = TablePrinter.row(resource: "pods", object: pod, now: f.now, includeObject: "None")
        #expect(row["cells"]?.array?[2] == .string("Completed"))
        let condition = try #require(row["conditions"]?.array?.first)
        #expect(condition["type"]?.string == "Completed")
        #expect(condition["reason"]?.string == "Succeeded")
        #expect(condition["message"]?.string == "The pod has completed successfully.")
        let exited = f.cells(
            "pods",
            """
            {"metadata":{"name":"e"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Failed","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":3}}}]}}
            """)
        #expect(exited[2] == .string("ExitCode:3"))
    }

    @Test func readinessGatesAndDefaults() {
        let gated = f.cells(
            "pods",
            """
            {"metadata":{"name":"g"},"spec":{"readinessGates":[{"conditionType":"x/a"},{"conditionType":"x/b"}],"containers":[{"name":"c"}]},
             "status":{"phase":"Running","conditions":[{"type":"x/a","status":"True"},{"type":"x/b","status":"False"}],"podIP":"10.0.0.9"}}
            """)
        #expect(gated[8] == .string("1/2"))
        #expect(gated[5] == .string("10.0.0.9"))
        let fresh = f.cells("pods", #"{"metadata":{"name":"new"},"spec":{"containers":[{"name":"c"}]}}"#)
        #expect(
            fresh == f.strings(["new", "0/1", "Pending", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"]))
        let gatedScheduling = f.cells(
            "pods",
            """
            {"metadata":{"name":"sg"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}}
            """)
        #expect(gatedScheduling[2] == .string("SchedulingGated"))
    }
}
