import Foundation
import Testing
import TestSupport

/// The official Python client's leader election (kubernetes.leaderelection with its Lease lock) against the
/// real binary: a candidate creates the coordination.k8s.io/v1 Lease, renews it every second, and a second
/// candidate cannot take it meanwhile. A few seconds: the shortest durations the client allows.
@Suite("Python client: leader election with a Lease lock", .timeLimit(.minutes(8)))
struct PythonLeaderElectionTests {
    @Test func acquiresAndRenews() throws {
        guard let python = PythonClient.interpreter() else { return }
        let server = try ServerProcess.serve(["--access-log=false"])
        let out = try PythonClient.run(python, Self.script, mode: "leader", server: server)

        #expect(out["holder"] as? String == "candidate-a")
        #expect(out["duration"] as? Int == 3)
        let renewals = out["renewals"] as? [String] ?? []
        #expect(renewals.count == 2, "the lease was not renewed twice: \(out)")
        #expect(renewals == renewals.sorted() && Set(renewals).count == renewals.count, "\(renewals)")
        #expect(
            (out["acquires"] as? [String])?.allSatisfy { $0 == out["acquire"] as? String } == true,
            "acquireTime changed: \(out)")
        let versions = (out["versions"] as? [String] ?? []).compactMap { Int($0) }
        #expect(versions.count == 2 && versions[0] < versions[1], "\(versions)")
        #expect(out["holderAfter"] as? String == "candidate-a")
        #expect(out["secondCandidateAcquired"] as? Bool == false)
        #expect(out["holderAtEnd"] as? String == "candidate-a")
    }
}
