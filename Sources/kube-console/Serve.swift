import APIServer
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// `kube-console serve`: the server headless, for systemd, containers and CI.
enum Serve {
    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains(where: { ["-h", "--help", "-help"].contains($0) }) {
            print(
                """
                Usage: kube-console serve [flags]

                Serves the Kubernetes API headless; one access-log line per request on stdout.
                SIGTERM or SIGINT: stop accepting, finish requests in flight (--shutdown-timeout), exit 0.

                Flags:
                \(Flags.usage())
                """)
            return 0
        }
        var config = ServerConfig()
        do { try Flags.parse(arguments, into: &config) } catch {
            CommandLineTool.printError(error.description)
            return CommandLineTool.usageExit
        }

        guard let (server, signals) = Startup.server(config) else { return 1 }
        for warning in server.warnings { CommandLineTool.say(warning) }
        CommandLineTool.say(server.connectionBudget.summary)
        if let audit = server.auditLog {
            let policy =
                audit.policy.path.map { "\($0), \(audit.policy.rules.count) rules" }
                ?? "every request at level Metadata"
            CommandLineTool.say("audit log: \(audit.settings.path == "-" ? "stdout" : audit.settings.path) (\(policy))")
        } else if let file = server.config.auditPolicyFile {
            CommandLineTool.say(
                "audit policy \(file) read, but there is no --audit-log-path: no audit events are written")
        }
        if let security = server.security {
            for line in security.files.report { CommandLineTool.say(line) }
            for line in server.cluster?.report ?? [] { CommandLineTool.say(line) }
            CommandLineTool.say(
                "authorization: \(security.policy.mode.rawValue)\(security.policy.path.map { " (\($0), \(security.policy.snapshot().rules.count) rules)" } ?? "")"
            )
        }
        let ports = server.start()
        var failed = false
        for port in ports {
            switch port.state {
            case .listening: CommandLineTool.say("\(port.kind.name) port listening on \(port.url)")
            case .disabled: CommandLineTool.say("\(port.kind.name) port disabled (\(port.flag)=0)")
            case .failed(let why):
                CommandLineTool.printError(
                    "cannot listen on the \(port.kind.name) port (\(port.flag)=\(port.port)) at \(port.host): \(why)")
                failed = true
            }
        }
        if failed {
            server.shutdown()
            return 1
        }
        for note in server.startConsoleChannel(log: CommandLineTool.say) { CommandLineTool.say(note) }
        if let security = server.security, server.secureURL != nil, security.adminToken() != nil {
            CommandLineTool.say(
                "admin kubeconfig: \(security.files.kubeconfigPath) (kubectl --kubeconfig \(security.files.kubeconfigPath) get --raw /version)"
            )
        }
        CommandLineTool.say("serving \(VersionInfo.gitVersion)")
        // Type=notify: systemd calls the service started once the ports listen.
        let status =
            "STATUS=serving "
            + ports.filter { $0.state == .listening }.map { "\($0.kind.name) \($0.url)" }.joined(separator: ", ")
        SystemdNotify.send("READY=1\nMAINPID=\(getpid())\n\(status)")
        while true {
            switch signals.wait() {
            case SIGHUP:
                SystemdNotify.send("RELOADING=1\nMONOTONIC_USEC=\(monotonicNanoseconds() / 1000)")
                CommandLineTool.say("SIGHUP: \(server.reloadTokens().summary); \(server.reloadPolicy().summary)")
                SystemdNotify.send("READY=1\n\(status)")
            default:
                SystemdNotify.send("STOPPING=1")
                CommandLineTool.say(
                    "shutting down: finishing requests in flight (up to \(Flags.formatDuration(config.shutdownTimeout)))"
                )
                server.shutdown()
                CommandLineTool.say("stopped")
                return 0
            }
        }
    }
}

/// What `serve` and the console both do first: take the signals, build the server.
enum Startup {
    /// Signals are taken synchronously by one thread (sigwait), so they are blocked before any other
    /// thread exists: the loop threads inherit the mask. Nil (after saying why) when the server cannot start.
    static func server(_ config: ServerConfig) -> (APIServer, SignalSet)? {
        let signals = SignalSet([SIGINT, SIGTERM, SIGHUP])
        signals.block()
        signal(SIGPIPE, SIG_IGN)
        do {
            return (try APIServer(config: config, version: VersionInfo(buildDate: BuildInfo.buildDate)), signals)
        } catch {
            CommandLineTool.printError(error.description)
            return nil
        }
    }
}

/// A set of signals taken with sigwait rather than handlers (no async-signal-safety puzzles).
struct SignalSet {
    private var set = sigset_t()

    init(_ signals: [Int32]) {
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
    }

    func block() {
        var s = set
        pthread_sigmask(SIG_BLOCK, &s, nil)
    }

    func wait() -> Int32 {
        var s = set
        var signal: Int32 = 0
        while sigwait(&s, &signal) != 0 {}
        return signal
    }
}

enum BuildInfo {
    /// The executable's modification time: when this build was linked (SwiftPM has no build stamps).
    static var buildDate: String {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return "unknown" }
        return AccessLog.timestamp(Int64(st.st_mtim.tv_sec) * 1_000_000_000).replacingMillis
    }
}

extension String {
    /// `2026-11-29T03:25:57.000Z` → `2026-11-29T03:25:57Z`, the shape kube-apiserver's buildDate has.
    var replacingMillis: String {
        guard hasSuffix("Z"), let dot = lastIndex(of: ".") else { return self }
        return String(self[..<dot]) + "Z"
    }
}
