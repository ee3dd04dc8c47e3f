import APIServer

/// `kube-console attach` flags: the local master of a data directory (its socket), or a remote master's
/// secure port with kubectl's ways of saying who you are.
public struct AttachOptions: Sendable, Equatable {
    public var dataDir = ServerConfig.defaultDataDir
    public var socket: String?
    public var server: String?
    public var kubeconfig: String?
    public var context: String?
    public var token: String?
    public var tokenFile: String?
    public var certificateAuthority: String?
    public var clientCertificate: String?
    public var clientKey: String?

    public init() {}

    public static let usage = """
        Usage:
          kube-console attach [--data-dir DIR | --socket PATH]
                attach to the master serving DIR on this host, through DIR/console.sock
                (default DIR: \(ServerConfig.defaultDataDir))
          kube-console attach --server https://HOST:PORT [--kubeconfig FILE [--context NAME]] [--token TOKEN |
                              --token-file FILE] [--certificate-authority FILE] [--client-certificate FILE --client-key FILE]
          kube-console attach --kubeconfig FILE
                attach to a master's secure port (TLS, authentication, the policy decide: /debug/console/*);
                flags override the kubeconfig's server, CA and credentials

        q detaches (the master keeps serving); :stop stops the master (asks first).
        """

    /// The local socket unless a server or kubeconfig says remote.
    public var isRemote: Bool { server != nil || kubeconfig != nil }

    public static func parse(_ arguments: [String]) throws(ControlError) -> AttachOptions {
        var options = AttachOptions()
        let setters: [String: (inout AttachOptions, String) -> Void] = [
            "data-dir": { $0.dataDir = $1 }, "socket": { $0.socket = $1 }, "server": { $0.server = $1 },
            "kubeconfig": { $0.kubeconfig = $1 }, "context": { $0.context = $1 }, "token": { $0.token = $1 },
            "token-file": { $0.tokenFile = $1 }, "certificate-authority": { $0.certificateAuthority = $1 },
            "client-certificate": { $0.clientCertificate = $1 }, "client-key": { $0.clientKey = $1 },
        ]
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-"), argument.count > 1 else {
                throw ControlError("unexpected argument: \(argument) (see kube-console attach --help)")
            }
            let body = argument.drop { $0 == "-" }
            let name: String
            let value: String
            if let eq = body.firstIndex(of: "=") {
                name = String(body[..<eq])
                value = String(body[body.index(after: eq)...])
            } else {
                name = String(body)
                guard i < arguments.count else { throw ControlError("flag needs an argument: \(argument)") }
                value = arguments[i]
                i += 1
            }
            guard let set = setters[name.replacing("_", with: "-")] else {
                throw ControlError("unknown flag: \(argument) (see kube-console attach --help)")
            }
            guard !value.isEmpty else { throw ControlError("flag needs a value: \(argument)") }
            set(&options, value)
        }
        if options.socket != nil && options.isRemote {
            throw ControlError("--socket is for a local master; --server and --kubeconfig for a remote one")
        }
        if (options.clientCertificate == nil) != (options.clientKey == nil) {
            throw ControlError("--client-certificate and --client-key go together")
        }
        return options
    }

    /// The socket path for a local attach.
    public var socketPath: String { socket ?? dataDir + "/" + ConsoleWire.socketName }

    /// Where to connect and as whom. Inline kubeconfig data is written to private temporary files only
    /// while the TLS context reads them.
    public func target() throws(ControlError) -> AttachTarget {
        guard isRemote else { return .local(socket: socketPath) }
        let config = try kubeconfig.map { (path) throws(ControlError) in
            try Kubeconfig.load(path: path, context: context)
        }
        guard let url = server ?? config?.server else {
            throw ControlError("--server is needed (or a kubeconfig that names one)")
        }
        var files = PrivateFiles()
        /// The flag's file, else the kubeconfig's file, else its inline data written out.
        func file(_ flag: String?, _ path: String?, _ data: [UInt8]?) throws(ControlError) -> String? {
            if let flag { return flag }
            if let path { return path }
            guard let data else { return nil }
            return try files.write(data)
        }
        let ca = try file(certificateAuthority, config?.certificateAuthority, config?.certificateAuthorityData)
        let certificate = try file(clientCertificate, config?.clientCertificate, config?.clientCertificateData)
        let key = try file(clientKey, config?.clientKey, config?.clientKeyData)
        return try AttachTarget.remote(
            url: url, token: try bearerToken(config), caFile: ca, clientCertificate: certificate, clientKey: key)
    }

    private func bearerToken(_ config: Kubeconfig?) throws(ControlError) -> String? {
        if let token { return token }
        if let path = tokenFile ?? (config?.token == nil ? config?.tokenFile : nil) {
            guard let data = LocalFiles.contents(path) else {
                throw ControlError("cannot read the token file \(path)")
            }
            return String(decoding: data, as: UTF8.self).trimmingWhitespace(newlines: true)
        }
        return config?.token
    }
}
