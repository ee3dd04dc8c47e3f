import APIServer
import HTTP

extension AttachTarget {
    /// How a console reaches `master` of the Masters view: its console socket when it runs on this host
    /// and the socket answers; otherwise its secure port, with the TLS and credentials this console came
    /// in with (`current`, when that is a remote attachment: the same CA must vouch for that master).
    public static func of(
        _ master: MasterRow, from current: AttachTarget?,
        localHost: String = HostName.current
    ) -> Result<AttachTarget, ControlError> {
        if master.host == localHost, !master.consoleSocket.isEmpty, LocalMaster.answers(at: master.consoleSocket) {
            return .success(.local(socket: master.consoleSocket))
        }
        guard let current, !current.isLocal, let url = master.url("secure") else {
            let secure = master.url("secure").map { " --server \($0)" } ?? ""
            return .failure(
                ControlError(
                    "it runs on \(master.host) without a console socket here: kube-console attach\(secure) reaches it"))
        }
        do {
            let origin = try HTTPOrigin(parsing: url, defaultPort: 443)
            return .success(
                AttachTarget(
                    origin: origin, tls: current.tls, authorization: current.authorization,
                    description: origin.description))
        } catch {
            return .failure(ControlError("its secure port \(url): \(error.message)"))
        }
    }
}
