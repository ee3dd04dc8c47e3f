import APIServer
import Console
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `kube-console` with no subcommand: the server plus the full-screen console. It needs a terminal.
enum ConsoleCommand {
    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains(where: { ["-h", "--help", "-help"].contains($0) }) {
            print(CommandLineTool.generalHelp)
            return 0
        }
        var config = ServerConfig()
        do { try Flags.parse(arguments, into: &config) } catch {
            CommandLineTool.printError(error.description)
            return CommandLineTool.usageExit
        }
        guard isatty(1) == 1, isatty(0) == 1 else {
            CommandLineTool.printError(
                "stdout is not a terminal, and the console needs one; run `kube-console serve` for the headless server")
            return CommandLineTool.usageExit
        }
        // A master already serves this data directory: be its console rather than a second server.
        if let socket = config.resolvedConsoleSocket, LocalMaster.answers(at: socket) {
            let serverFlags = arguments.filter {
                $0.hasPrefix("-") && !$0.contains("data-dir") && !$0.contains("data_dir")
            }
            let notes =
                serverFlags.isEmpty
                ? []
                : ["attached to the master already serving \(config.dataDir): the server flags given here are not used"]
            return AttachCommand.attach(.local(socket: socket), notes: notes)
        }
        // The terminal belongs to the console: no access log on stdout.
        config.accessLog = false
        guard let (server, signals) = Startup.server(config) else { return 1 }
        // The terminal belongs to the console: what the server says goes to the Ports view instead.
        server.log.redirect { _ in }
        let ports = server.start()
        var notes = server.security?.files.report ?? []
        for port in ports {
            if case .failed(let why) = port.state { notes.append("the \(port.kind.name) port failed: \(why)") }
        }
        if let path = server.security?.files.kubeconfigPath, server.secureURL != nil {
            notes.append("admin kubeconfig: \(path)")
        }
        // Other consoles may attach to this one's server; its own log lines would scribble over the screen.
        notes += server.startConsoleChannel(log: { _ in }).filter {
            $0.contains("no local socket") || $0.contains("not started")
        }

        let holder = ConsoleHolder()
        // Signals from outside: SIGTERM/SIGINT leave like :q. SIGHUP reloads as in serve while the
        // terminal is there; when it means the terminal hung up, the console leaves.
        let watcher = DispatchQueue(label: "kube-console.signals")
        watcher.async {
            while true {
                switch signals.wait() {
                case SIGHUP where ConsoleApp.terminalAlive:
                    server.reloadTokens()
                    server.reloadPolicy()
                default:
                    holder.stopAll()
                    return
                }
            }
        }
        // Enter on another master (Masters view) shows its console; leaving it comes back here, where this
        // master has kept serving.
        while true {
            let app = ConsoleApp(control: InProcessServerControl(server: server)) { master in
                AttachTarget.of(master, from: nil)
            }
            guard holder.show(app) else { break }
            app.run(startupNotes: notes)
            guard let next = app.nextTarget, !holder.stopping else { break }
            let failure = AttachCommand.consoles(from: next, notes: [], holder: holder)
            notes = [failure ?? "back on the embedded master (\(server.config.dataDir))"]
        }
        // The terminal is restored; now stop the server gracefully.
        CommandLineTool.say("shutting down: finishing requests in flight")
        server.shutdown()
        return 0
    }
}
