import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// The console channel of a running server: started by `serve` and the all-in-one console after the
/// ports, stopped first at shutdown (consoles get a bye, then the loops drain).
extension APIServer {
    /// Starts publishing and opens the local socket (`--console-socket`, by default
    /// `<data-dir>/console.sock`, 0600, in the data directory made 0700). Returns lines for the operator;
    /// a socket that cannot be opened is one of them, not a failure: the secure port's way in still works.
    @discardableResult
    public func startConsoleChannel(
        log: @escaping @Sendable (String) -> Void,
        stopMaster: @escaping @Sendable () -> Void = { kill(getpid(), SIGTERM) }
    ) -> [String] {
        let channel = ConsoleChannel(server: self, maxUnread: config.consoleMaxUnread, log: log, stopMaster: stopMaster)
        var notes: [String] = []
        do { try channel.start() } catch {
            return ["console channel not started: \(error)"]
        }
        var socketPath: String?
        if let path = config.resolvedConsoleSocket {
            notes += Self.tightenDirectory(of: path)
            var listener = ListenerConfiguration(
                name: "console", host: "", port: 0, handler: ConsoleSocketHandler(channel: channel),
                limits: config.httpLimits,
                connectionLimits: config.connectionLimits(connectionBudget, perClientCap: false),
                transport: PeerCredentialGate.serverUserAndRoot, unixSocketPath: path)
            listener.onDescriptorShortage = DescriptorShortageReport(log: self.log).handler(for: "the console socket")
            do {
                try http.bind(listener)
                socketPath = path
                notes.append("console channel: \(path) (local: uid \(getuid()) and root; kube-console attach)")
            } catch {
                notes.append("console channel: no local socket at \(path) (--console-socket): \(error)")
            }
        }
        if let url = secureURL {
            notes.append(
                "console channel: \(url)\(ConsoleWire.basePath) (remote: the policy decides; kube-console attach --server \(url))"
            )
        }
        consoleSlot.set(ConsoleChannelSlot.Running(channel: channel, socketPath: socketPath))
        return notes
    }

    /// Says goodbye to the consoles and closes the channel; the socket file goes.
    func stopConsoleChannel() {
        guard let running = consoleSlot.take() else { return }
        running.channel.stop(reason: "the master is shutting down")
        if let path = running.socketPath { unlink(path) }
    }

    /// The socket's directory holds it, the tokens and the keys: nobody else may enter (0700).
    private static func tightenDirectory(of path: String) -> [String] {
        let directory = path.parentDirectory
        var st = stat()
        guard stat(directory, &st) == 0, st.st_uid == getuid(), st.st_mode & 0o077 != 0 else { return [] }
        guard chmod(directory, 0o700) == 0 else {
            return ["console channel: could not make \(directory) 0700: \(String(cString: strerror(errno)))"]
        }
        return [
            "console channel: \(directory) made 0700 (it holds the console socket; it was \(String(st.st_mode & 0o777, radix: 8)))"
        ]
    }
}
