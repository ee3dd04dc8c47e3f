import APIServer
#if canImport(Glibc)
import Glibc
#endif

/// Subcommands and exit codes: 0 success, 1 runtime failure (a port could not bind), 2 usage errors.
enum CommandLineTool {
    static let usageExit: Int32 = 2

    static func run(_ arguments: [String]) -> Int32 {
        switch arguments.first {
        case "serve":
            return Serve.run(Array(arguments.dropFirst()))
        case "attach":
            return AttachCommand.run(Array(arguments.dropFirst()))
        case "-h", "--help", "-help", "help":
            print(generalHelp)
            return 0
        case "token":
            return TokenCommand.run(Array(arguments.dropFirst()))
        case "policy":
            return PolicyCommand.run(Array(arguments.dropFirst()))
        case "version", "--version":
            print(VersionInfo.gitVersion)
            return 0
        case let first? where !first.hasPrefix("-"):
            printError("unknown command: \(first) (see kube-console --help)")
            return usageExit
        default:
            return ConsoleCommand.run(arguments)
        }
    }

    static var generalHelp: String {
        """
        kube-console: a Kubernetes master's API server and its operator console in one binary.

        Usage:
          kube-console [flags]          the full-screen console: attached to the master of --data-dir when one
                                        runs, else over a server of its own (embedded; quitting stops it)
          kube-console serve [flags]    the server headless, logging requests to stdout; consoles attach to it
          kube-console attach [--data-dir D | --server URL --kubeconfig F ...]
                                        the console over a running master, here or remote (attach --help);
                                        q detaches, the master keeps serving
          kube-console token rotate USER [--data-dir D | --token-auth-file F]
                                        give USER a new token (printed once on stdout); a running
                                        server applies it on SIGHUP
          kube-console policy check FILE
                                        parse an ABAC policy file: rule count, or the line at fault
          kube-console version          print the version

        Flags (both spellings: --kebab-case and the 2015 -snake_case; --flag=value or --flag value):
        \(Flags.usage())
        """
    }

    /// Prints `kube-console: message` on stderr; the caller returns the exit code that goes with it.
    static func printError(_ message: String) { writeLine(message) }

    /// Prints `kube-console: message` on stderr: progress and notes (stdout is the access log's).
    static func say(_ message: String) { writeLine(message) }

    private static func writeLine(_ message: String) {
        var line = "kube-console: \(message)\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
