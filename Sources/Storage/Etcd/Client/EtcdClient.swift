import HTTP

/// etcd's v3 API through its JSON gateway (`/v3/...` on the client port), over the project's HTTP/1.1
/// client: each call goes to the preferred endpoint and, when that one cannot be reached, to the next
/// (a request that may have been applied is never sent twice). Blocking: called from the store's threads.
/// Leases and watches of any prefix are here too, for what else wants to live in etcd.
final class EtcdClient: Sendable {
    /// Gateway error bodies are short; more than this is not read.
    static let maxErrorBodyBytes = 64 * 1024

    let endpoints: EtcdEndpointSet
    let requestTimeout: Duration

    init(
        origins: [HTTPOrigin], tls: ClientTLSContext?, maxConnectionsPerEndpoint: Int, connectTimeout: Duration,
        requestTimeout: Duration
    ) {
        endpoints = EtcdEndpointSet(
            origins.map { origin in
                EtcdEndpointSet.Endpoint(
                    origin: origin,
                    pool: HTTPClientPool(
                        origin: origin, tls: tls, maxIdle: maxConnectionsPerEndpoint,
                        connectTimeout: connectTimeout))
            })
        self.requestTimeout = requestTimeout
    }

    // MARK: - The API

    func range(_ request: EtcdRange) throws(EtcdClientError) -> EtcdRangeResult {
        EtcdRangeResult(try call("/v3/kv/range", request.json, idempotent: true))
    }

    func txn(_ txn: EtcdTxn) throws(EtcdClientError) -> EtcdTxnResult {
        EtcdTxnResult(try call("/v3/kv/txn", txn.json, idempotent: false))
    }

    /// Discards history before `revision` (reads and watches from earlier revisions fail afterwards).
    func compact(_ revision: Int64) throws(EtcdClientError) {
        _ = try call("/v3/kv/compaction", .object(["revision": .int(revision)]), idempotent: true)
    }

    /// One member's status, asked of that endpoint alone (a health probe).
    func status(endpoint i: Int) throws(EtcdClientError) -> EtcdMemberStatus {
        EtcdMemberStatus(try call(on: i, "/v3/maintenance/status", .object([:])))
    }

    /// A lease of `ttl` seconds; keys put with it vanish when it expires. Returns its ID and granted TTL.
    func grantLease(ttl: Int64) throws(EtcdClientError) -> (id: Int64, ttl: Int64) {
        let answer = try call("/v3/lease/grant", .object(["TTL": .int(ttl)]), idempotent: false)
        guard let id = answer["ID"]?.int64 else { throw .malformed("lease grant without an ID") }
        return (id, answer.int64("TTL"))
    }

    /// Renews a lease once (the gateway answers one keep-alive per request); its TTL left, 0 if expired.
    func keepLeaseAlive(_ id: Int64) throws(EtcdClientError) -> Int64 {
        let answer = try call("/v3/lease/keepalive", .object(["ID": .int(id)]), idempotent: true)
        return (answer["result"] ?? answer).int64("TTL")
    }

    func revokeLease(_ id: Int64) throws(EtcdClientError) {
        _ = try call("/v3/lease/revoke", .object(["ID": .int(id)]), idempotent: true)
    }

    /// A watch of [key, rangeEnd) from `startRevision`, on a connection of its own.
    func watch(key: [UInt8], rangeEnd: [UInt8], startRevision: Int64) throws(EtcdClientError) -> EtcdWatchStream {
        var request = HTTPClientRequest.postJSON(
            "/v3/watch", EtcdWatchMessage.create(key: key, rangeEnd: rangeEnd, startRevision: startRevision).serialized)
        // The gateway passes Grpc-Metadata-* headers on as gRPC metadata: with "hasleader", a member that
        // loses its leader cancels the watch instead of serving stale events (clientv3's WithRequireLeader,
        // which kube-apiserver's watches use).
        request.headers.add("Grpc-Metadata-Hasleader", "true")
        return try failingOver(idempotent: true) { i throws(EtcdClientError) in
            let stream: HTTPClientStream
            do throws(HTTPClientError) {
                stream = try endpoints.endpoints[i].pool.openStream(request, timeout: requestTimeout)
            } catch {
                throw error.stage == .notSent ? .unreachable(error.message) : .outcomeUnknown(error.message)
            }
            guard stream.status == 200 else {
                let body = (try? stream.rest(maxBytes: Self.maxErrorBodyBytes, timeout: requestTimeout)) ?? []
                throw Self.gatewayError(status: stream.status, body: body)
            }
            return EtcdWatchStream(stream, endpoint: i)
        }
    }

    // MARK: - Calls

    /// POSTs `body` to `path` on the first endpoint that answers.
    func call(_ path: String, _ body: GatewayJSON, idempotent: Bool) throws(EtcdClientError) -> GatewayJSON {
        let request = HTTPClientRequest.postJSON(path, body.serialized)
        return try failingOver(idempotent: idempotent) { i throws(EtcdClientError) in
            try perform(request, on: i, idempotent: idempotent)
        }
    }

    /// POSTs to one endpoint, recording how it went.
    func call(on i: Int, _ path: String, _ body: GatewayJSON) throws(EtcdClientError) -> GatewayJSON {
        do throws(EtcdClientError) {
            let answer = try perform(HTTPClientRequest.postJSON(path, body.serialized), on: i, idempotent: true)
            endpoints.succeeded(i, prefer: false)
            return answer
        } catch {
            if Self.isEndpointFailure(error) { endpoints.failed(i, error.detail) }
            throw error
        }
    }

    /// Runs `attempt` on each candidate endpoint until one answers. An endpoint that cannot be reached
    /// (or has no leader) is marked failed and the next is tried, unless the request may already have
    /// been applied (`outcomeUnknown` of a non-idempotent one).
    private func failingOver<T>(idempotent: Bool, _ attempt: (Int) throws(EtcdClientError) -> T) throws(EtcdClientError)
        -> T
    {
        let candidates = endpoints.candidates()
        guard !candidates.isEmpty else { throw .unreachable(endpoints.failureSummary()) }
        var last: EtcdClientError?
        for i in candidates {
            do throws(EtcdClientError) {
                let result = try attempt(i)
                endpoints.succeeded(i)
                return result
            } catch {
                guard Self.isEndpointFailure(error) else { throw error }
                endpoints.failed(i, error.detail)
                last = error
                if case .outcomeUnknown(let why) = error, !idempotent {
                    throw .outcomeUnknown("\(endpoints.endpoints[i].origin): \(why)")
                }
            }
        }
        // Every candidate failed: say how each one did (an idempotent request's lost answer is no
        // different from an unreachable endpoint).
        if case .rejected(let code, _)? = last { throw .rejected(code: code, message: endpoints.failureSummary()) }
        throw .unreachable(endpoints.failureSummary())
    }

    private static func isEndpointFailure(_ error: EtcdClientError) -> Bool {
        switch error {
        case .unreachable, .outcomeUnknown: return true
        default: return error.memberUnavailable
        }
    }

    private func perform(_ request: HTTPClientRequest, on i: Int, idempotent: Bool) throws(EtcdClientError)
        -> GatewayJSON
    {
        let response: HTTPClientResponse
        do throws(HTTPClientError) {
            response = try endpoints.endpoints[i].pool.perform(request, timeout: requestTimeout, idempotent: idempotent)
        } catch {
            throw error.stage == .notSent ? .unreachable(error.message) : .outcomeUnknown(error.message)
        }
        guard response.status == 200 else { throw Self.gatewayError(status: response.status, body: response.body) }
        do { return try GatewayJSONParser.parse(response.body) } catch { throw .malformed(error.description) }
    }

    /// The gateway's error body: `{"error": ..., "message": ..., "code": <gRPC code>}`.
    static func gatewayError(status: Int, body: [UInt8]) -> EtcdClientError {
        guard let json = try? GatewayJSONParser.parse(body),
            let message = json["message"]?.string ?? json["error"]?.string
        else {
            return .malformed("HTTP \(status): \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        let code = Int(json.int64("code"))
        if code == codeOutOfRange && message.contains("compacted") { return .compacted(message) }
        return .rejected(code: code, message: message)
    }

    private static let codeOutOfRange = EtcdClientError.codeOutOfRange

    func closeIdleConnections() {
        for endpoint in endpoints.endpoints { endpoint.pool.closeIdle() }
    }
}
