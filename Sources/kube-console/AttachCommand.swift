import APIServer
import Console
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `kube-console attach`: the console over a master that runs already, on this host (its socket) or
/// another (its secure port). q detaches and the master keeps serving; :stop stops it.
enum AttachCommand {
    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains(where: { ["-h", "--help", "-help"].contains($0) }) {
            print(AttachOptions.usage)
            return 0
        }
        let options: AttachOptions
        do { options = try AttachOptions.parse(arguments) } catch {
            CommandLineTool.printError(error.description)
            return CommandLineTool.usageExit
        }
        guard isatty(1) == 1, isatty(0) == 1 else {
            CommandLineTool.printError("stdout is not a terminal, and the console needs one")
            return CommandLineTool.usageExit
        }
        let target: AttachTarget
        do { target = try options.target() } catch {
            CommandLineTool.printError(error.description)
            return 1
        }
        return attach(target, notes: [])
    }

    /// Attaches to `target` and runs the console until the operator leaves; 1 when the master cannot
    /// be reached or refuses. Enter on another master (Masters view) detaches and attaches to that one.
    static func attach(_ target: AttachTarget, notes: [String]) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let signals = SignalSet([SIGINT, SIGTERM, SIGHUP])
        signals.block()
        let holder = ConsoleHolder()
        let watcher = DispatchQueue(label: "kube-console.attach.signals")
        watcher.async {
            // SIGHUP is the terminal going (a master reloads on SIGHUP; this console is not one).
            while true {
                switch signals.wait() {
                case SIGHUP where ConsoleApp.terminalAlive: continue
                default:
                    holder.stopAll()
                    return
                }
            }
        }
        if let failure = consoles(from: target, notes: notes, holder: holder) {
            CommandLineTool.printError(failure)
            return 1
        }
        return 0
    }

    /// Attached consoles, one after the other: each until the operator leaves it, or picks another master
    /// (whose console then follows; one that cannot be reached leaves the operator where they were).
    /// Returns why the first could not be attached to, if it could not.
    static func consoles(from first: AttachTarget, notes: [String], holder: ConsoleHolder) -> String? {
        var target = first, notes = notes, previous: AttachTarget?
        while true {
            let control = RemoteServerControl(target: target)
            let hello: ConsoleHello
            do { hello = try control.attach() } catch {
                guard let back = previous else { return "cannot attach to \(target.description): \(error)" }
                (target, previous) = (back, nil)
                notes = ["cannot attach to \(target.description): \(error)"]
                continue
            }
            let app = ConsoleApp(control: control) { [target] master in AttachTarget.of(master, from: target) }
            guard holder.show(app) else {
                control.close()
                return nil
            }
            let farewell = app.run(startupNotes: notes)
            let last = control.hello ?? hello  // the master may have been restarted meanwhile
            control.close()
            guard let next = app.nextTarget, !holder.stopping else {
                CommandLineTool.say(
                    farewell ?? "detached from \(last.host) (pid \(last.pid)); the master keeps serving")
                return nil
            }
            (previous, target) = (target, next)
            notes = ["attached to \(next.description) (left \(last.host), pid \(last.pid), serving)"]
        }
    }
}
