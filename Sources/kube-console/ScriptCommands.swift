import APIServer
#if canImport(Glibc)
import Glibc
#endif

/// `kube-console token rotate USER`: for scripts and cron. Rewrites the token file atomically and prints
/// the new token once on stdout; admin.kubeconfig follows when it is the admin's. With the etcd flags the
/// rotation is committed to the cluster's token table in etcd too: in force on every master at once.
enum TokenCommand {
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.first == "rotate", arguments.count >= 2, !arguments[1].hasPrefix("-") else {
            CommandLineTool.printError(
                "usage: kube-console token rotate USER [--data-dir DIR | --token-auth-file FILE] [--etcd-servers URLS --etcd-prefix PREFIX]"
            )
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
            let cluster = try ClusterMembership.credentialBackend(
                for: config, actor: "kube-console token rotate (pid \(getpid()))")
            defer { cluster?.close() }
            if let cluster { try store.share(through: cluster) }
            let (token, fileError) = try store.rotateTokenReporting(user: user, grace: config.tokenRotationGrace)
            if user == "admin" && config.tokenAuthFile == nil {
                try AdminKubeconfig.replaceToken(in: config.dataDir + "/admin.kubeconfig", with: token)
            }
            print(token)
            if let cluster {
                if let fileError {
                    CommandLineTool.printError(
                        "\(path) was not rewritten (the new token is in force all the same): \(fileError)")
                }
                CommandLineTool.say(
                    "rotated the token of \(user) in \(cluster.location) (new fingerprint \(Fingerprint.of(token))): in force on every master"
                )
            } else {
                CommandLineTool.say(
                    "rotated the token of \(user) in \(path) (new fingerprint \(Fingerprint.of(token))); send SIGHUP to a running server to apply it"
                )
            }
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
