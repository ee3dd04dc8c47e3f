import Foundation

/// A CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl tool. The
/// server's is good for client authentication too: etcd's JSON gateway dials etcd's own gRPC port with
/// it, and with --client-cert-auth that connection is refused otherwise.
public struct EtcdCertificates: Sendable {
    public let ca, caKey, serverCertificate, serverKey, clientCertificate, clientKey: String

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ca = directory + "/ca.crt"; caKey = directory + "/ca.key"
        serverCertificate = directory + "/server.crt"; serverKey = directory + "/server.key"
        clientCertificate = directory + "/client.crt"; clientKey = directory + "/client.key"
        let openssl = "/usr/bin/openssl"
        func run(_ arguments: [String]) throws {
            let result = try runTool(openssl, arguments)
            guard result.status == 0 else {
                throw NSError(
                    domain: "EtcdCertificates", code: Int(result.status),
                    userInfo: [NSLocalizedDescriptionKey: result.stderr])
            }
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(["req", "-x509"] + ec + ["-keyout", caKey, "-out", ca, "-days", "2", "-subj", "/CN=test-etcd-ca"])
        for (name, cert, key, ext) in [
            (
                "127.0.0.1", serverCertificate, serverKey,
                "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth"
            ),
            ("kube-console", clientCertificate, clientKey, "extendedKeyUsage=clientAuth"),
        ] {
            let csr = key + ".csr", extFile = key + ".ext"
            try ext.write(toFile: extFile, atomically: true, encoding: .utf8)
            try run(["req", "-new"] + ec + ["-keyout", key, "-out", csr, "-subj", "/CN=\(name)"])
            try run([
                "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", cert, "-days", "2",
                "-extfile", extFile,
            ])
        }
    }
}
