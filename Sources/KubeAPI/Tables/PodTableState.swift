/// The READY / STATUS / RESTARTS reasoning of printPod, step for step.
extension PodTableRow {
    struct State {
        var ready = 0
        var total = 0
        var reason = ""
        var restarts = 0
        /// The latest `lastState.terminated.finishedAt`; nil is Go's zero time.
        var lastRestart: Int64?

        init(_ pod: JSONValue) {
            let status = F.present(pod, "status")
            let phase = PodTableRow.phase(pod)
            let conditions = F.array(status, "conditions")
            let initContainers = F.array(pod, "spec", "initContainers")
            let restartable = Set(
                initContainers.filter { F.string($0, "restartPolicy") == "Always" }.map { F.string($0, "name") })
            total = F.array(pod, "spec", "containers").count + restartable.count
            reason = F.string(status, "reason").isEmpty ? phase : F.string(status, "reason")
            if conditions.contains(where: {
                F.string($0, "type") == "PodScheduled" && F.string($0, "reason") == "SchedulingGated"
            }) {
                reason = "SchedulingGated"
            }

            var restartableRestarts = 0
            var lastRestartableRestart: Int64?
            var initializing = false
            for (i, container) in F.array(status, "initContainerStatuses").enumerated() {
                let isRestartable = restartable.contains(F.string(container, "name"))
                restarts += F.int(container, "restartCount")
                Self.noteTermination(container, &lastRestart)
                if isRestartable {
                    restartableRestarts += F.int(container, "restartCount")
                    Self.noteTermination(container, &lastRestartableRestart)
                }
                let terminated = F.present(container, "state", "terminated")
                let waitingReason = F.string(container, "state", "waiting", "reason")
                if let terminated, F.int(terminated, "exitCode") == 0 { continue }
                if isRestartable && F.bool(container, "started") {
                    if F.bool(container, "ready") { ready += 1 }
                    continue
                }
                if let terminated {
                    reason = "Init:" + Self.terminationReason(terminated)
                } else if !waitingReason.isEmpty && waitingReason != "PodInitializing" {
                    reason = "Init:" + waitingReason
                } else {
                    reason = "Init:\(i)/\(initContainers.count)"
                }
                initializing = true
                break
            }

            let initialized =
                conditions.first { F.string($0, "type") == "Initialized" }.map { F.string($0, "status") == "True" }
                ?? false
            if !initializing || initialized {
                restarts = restartableRestarts
                lastRestart = lastRestartableRestart
                var hasRunning = false
                for container in F.array(status, "containerStatuses").reversed() {
                    restarts += F.int(container, "restartCount")
                    Self.noteTermination(container, &lastRestart)
                    let waitingReason = F.string(container, "state", "waiting", "reason")
                    if !waitingReason.isEmpty {
                        reason = waitingReason
                    } else if let terminated = F.present(container, "state", "terminated") {
                        reason = Self.terminationReason(terminated)
                    } else if F.bool(container, "ready") && F.present(container, "state", "running") != nil {
                        hasRunning = true
                        ready += 1
                    }
                }
                if reason == "Completed" && hasRunning {
                    let podReady = conditions.contains {
                        F.string($0, "type") == "Ready" && F.string($0, "status") == "True"
                    }
                    reason = podReady ? "Running" : "NotReady"
                }
            }

            if F.present(pod, "metadata", "deletionTimestamp") != nil {
                if F.string(status, "reason") == "NodeLost" {
                    reason = "Unknown"
                } else if phase != "Succeeded" && phase != "Failed" {
                    reason = "Terminating"
                }
            }
        }

        /// The terminated reason, or `Signal:N` / `ExitCode:N` when the runtime gave none.
        static func terminationReason(_ terminated: JSONValue) -> String {
            let reason = F.string(terminated, "reason")
            if !reason.isEmpty { return reason }
            let signal = F.int(terminated, "signal")
            return signal != 0 ? "Signal:\(signal)" : "ExitCode:\(F.int(terminated, "exitCode"))"
        }

        /// `if lastRestartDate.Before(&terminatedDate) { lastRestartDate = terminatedDate }`.
        static func noteTermination(_ container: JSONValue, _ latest: inout Int64?) {
            guard F.present(container, "lastState", "terminated") != nil,
                let finished = TableTime.parse(F.present(container, "lastState", "terminated", "finishedAt"))
            else { return }
            if latest.map({ $0 < finished }) ?? true { latest = finished }
        }
    }
}
