/// API discovery as kube-apiserver serves it: `/api`, `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`,
/// and the aggregated form (`apidiscovery.k8s.io/v2`, `v2beta1`) of `/api` and `/apis` chosen by the Accept header.
/// Everything here is a pure function of the resource catalog; the router only picks the path.
public enum Discovery {
    /// The answer for a discovery path: its body and the Content-Type to send with it.
    public struct Response: Sendable, Equatable {
        public var contentType: String
        public var body: [UInt8]
    }

    public static let jsonContentType = "application/json"

    /// The document for `path`, or nil if the path is not a discovery path. `serverAddress` is the `host:port`
    /// clients reach this server at (kube-apiserver's `serverAddressByClientCIDRs`).
    public static func response(path: String, accept: String?, serverAddress: String) -> Response? {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let (aggregated, version) = wantsAggregated(accept: accept)
        switch trimmed {
        case "/api":
            if aggregated {
                return Response(contentType: version.contentType, body: aggregatedCore(version: version).bytes)
            }
            return Response(contentType: jsonContentType, body: apiVersions(serverAddress: serverAddress).bytes)
        case "/apis":
            if aggregated {
                return Response(contentType: version.contentType, body: aggregatedGroups(version: version).bytes)
            }
            return Response(contentType: jsonContentType, body: apiGroupList(serverAddress: serverAddress).bytes)
        case "/api/v1":
            return Response(contentType: jsonContentType, body: coreV1Bytes)
        default:
            return groupResponse(trimmed)
        }
    }

    /// `/apis/<group>` and `/apis/<group>/<version>`.
    static func groupResponse(_ path: String) -> Response? {
        guard path.hasPrefix("/apis/") else { return nil }
        let parts = path.dropFirst("/apis/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard let group = parts.first.map(String.init), let served = servedGroups.first(where: { $0.group == group })
        else { return nil }
        switch parts.count {
        case 1:
            return Response(contentType: jsonContentType, body: apiGroup(served).bytes)
        case 2 where String(parts[1]) == served.version:
            return Response(contentType: jsonContentType, body: apiResourceList(served).bytes)
        default:
            return nil
        }
    }

    static let coreV1Bytes: [UInt8] = apiResourceList(coreV1).bytes
}
