import APIServer
import KubeAPI

/// What a console needs from a kubeconfig: the current (or a named) context's server, the CA that
/// vouches for it, and the user's credentials (token, token file, or client certificate and key, each as
/// a file or inline data). Relative paths are relative to the kubeconfig, as kubectl reads them.
public struct Kubeconfig: Sendable, Equatable {
    public var server: String
    public var certificateAuthority: String?
    public var certificateAuthorityData: [UInt8]?
    public var token: String?
    public var tokenFile: String?
    public var clientCertificate: String?
    public var clientCertificateData: [UInt8]?
    public var clientKey: String?
    public var clientKeyData: [UInt8]?

    public static func load(path: String, context wanted: String? = nil) throws(ControlError) -> Kubeconfig {
        guard let data = LocalFiles.contents(path) else {
            throw ControlError("cannot read the kubeconfig \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, context: wanted)
    }

    public static func parse(_ text: String, file: String, context wanted: String? = nil) throws(ControlError)
        -> Kubeconfig
    {
        let root = try KubeconfigYAML.parse(text, file: file)
        guard let contextName = wanted ?? root["current-context"]?.string, !contextName.isEmpty else {
            throw ControlError("\(file): no current-context")
        }
        let context = try named(root, "contexts", contextName, file: file)["context"]
        guard let clusterName = context?["cluster"]?.string else {
            throw ControlError("\(file): context \(contextName) names no cluster")
        }
        let cluster = try named(root, "clusters", clusterName, file: file)["cluster"]
        guard let server = cluster?["server"]?.string else {
            throw ControlError("\(file): cluster \(clusterName) has no server")
        }
        let directory = file.parentDirectory
        func path(_ value: JSONValue?) -> String? {
            guard let p = value?.string, !p.isEmpty else { return nil }
            return p.hasPrefix("/") || directory.isEmpty ? p : directory + "/" + p
        }
        func data(_ value: JSONValue?, _ what: String) throws(ControlError) -> [UInt8]? {
            guard let text = value?.string else { return nil }
            guard let bytes = Base64.decode(text) else { throw ControlError("\(file): \(what) is not base64") }
            return bytes
        }
        var config = Kubeconfig(server: server)
        config.certificateAuthority = path(cluster?["certificate-authority"])
        config.certificateAuthorityData = try data(cluster?["certificate-authority-data"], "certificate-authority-data")
        if let userName = context?["user"]?.string, !userName.isEmpty {
            let user = try named(root, "users", userName, file: file)["user"]
            config.token = user?["token"]?.string
            config.tokenFile = path(user?["tokenFile"])
            config.clientCertificate = path(user?["client-certificate"])
            config.clientCertificateData = try data(user?["client-certificate-data"], "client-certificate-data")
            config.clientKey = path(user?["client-key"])
            config.clientKeyData = try data(user?["client-key-data"], "client-key-data")
        }
        return config
    }

    public init(server: String) { self.server = server }

    private static func named(_ root: JSONValue, _ list: String, _ name: String, file: String) throws(ControlError)
        -> JSONValue
    {
        guard let entry = root[list]?.array?.first(where: { $0["name"]?.string == name }) else {
            throw ControlError("\(file): no \(list.dropLast()) named \(name)")
        }
        return entry
    }
}
