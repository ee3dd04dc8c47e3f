import APIServer
#if canImport(Glibc)
import Glibc
#endif

/// `kube-console token rotate USER`: for scripts and cron. Rewrites the token file atomically and prints
/// the new token once on stdout; admin.kubeconfig follows when it is the admin's.
enum TokenCommand {
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.first == "rotate", arguments.count >= 2, !arguments[1].hasPrefix("-") else {
            CommandLineTool.printError("usage: kube-console token rotate USER [--data-dir DIR | --token-auth-file FILE]")
            return CommandLineTool.usageExit
        }
        let user = arguments[1]
        var config = ServerConfig()
        do { try Flags.parse(Array(arguments.dropFirst(2)), into: &config) } catch {
            CommandLineTool.printError(error.description)
            return CommandLineTool.usageExit
        }
        let path = config.tokenAuthFile ?? config.dataDir + "/tokens.csv"
        do {
            let store = try TokenStore(path: path)
            let token = try store.rotateToken(user: user, grace: config.tokenRotationGrace)
            if user == "admin" && config.tokenAuthFile == nil {
                try AdminKubeconfig.replaceToken(in: config.dataDir + "/admin.kubeconfig", with: token)
            }
            print(token)
            CommandLineTool.say("rotated the token of \(user) in \(path) (new fingerprint \(Fingerprint.of(token))); send SIGHUP to a running server to apply it")
            return 0
        } catch {
            CommandLineTool.printError("\(error)")
            return 1
        }
    }
}

/// `kube-console policy check FILE`: the rule count, or the first error with its line.
enum PolicyCommand {
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count == 2, arguments[0] == "check" else {
            CommandLineTool.printError("usage: kube-console policy check FILE")
            return CommandLineTool.usageExit
        }
        do {
            let policy = try ABACPolicy.load(path: arguments[1])
            print("\(arguments[1]): \(policy.rules.count) rules")
            return 0
        } catch {
            CommandLineTool.printError("policy refused: \(error)")
            return 1
        }
    }
}
