import HTTP

extension EtcdClient {
    /// A client for the endpoints and TLS files of `options`: `.invalid` for a bad URL or TLS file.
    convenience init(options: EtcdStore.Options) throws(StoreError) {
        guard !options.endpoints.isEmpty else { throw .invalid("no etcd endpoint given") }
        var origins: [HTTPOrigin] = []
        for url in options.endpoints {
            do { origins.append(try HTTPOrigin(parsing: url, defaultPort: EtcdStore.defaultClientPort)) } catch {
                throw .invalid(error.message)
            }
        }
        var tls: ClientTLSContext?
        if origins.contains(where: \.secure) || options.caFile != nil || options.certFile != nil {
            do {
                tls = try ClientTLSContext(
                    caFile: options.caFile, certificateFile: options.certFile, privateKeyFile: options.keyFile)
            } catch {
                throw .invalid(error.message)
            }
        }
        self.init(
            origins: origins, tls: tls, maxConnectionsPerEndpoint: options.maxConcurrentWrites + 2,
            connectTimeout: options.connectTimeout, requestTimeout: options.requestTimeout)
    }
}
