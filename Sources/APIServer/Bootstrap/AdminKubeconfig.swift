/// Edits an existing admin.kubeconfig in place (atomically) when the admin token changes outside a
/// running server (`kube-console token rotate admin`).
public enum AdminKubeconfig {
    public static func replaceToken(in path: String, with token: String) throws {
        guard let data = LocalFiles.contents(path) else { return }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            line -> String in
            let indent = line.prefix { $0 == " " }
            return line.dropFirst(indent.count).hasPrefix("token: ") ? "\(indent)token: \(token)" : String(line)
        }
        try AtomicFile.write(Array(lines.joined(separator: "\n").utf8), to: path, mode: 0o600)
    }
}
