/// Deriving attributes from a request line, after kube-apiserver's `RequestInfoFactory.NewRequestInfo`
/// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go) with APIPrefixes {api, apis} and the
/// groupless prefix `api`.
extension RequestAttributes {
    /// Path segments that put a verb where the resource would be: the legacy `/api/v1/watch/...` and
    /// `/api/v1/proxy/...` forms.
    private static let pathVerbs: Set<String> = ["proxy", "watch"]
    /// proxy's trailing segments are the proxied path, not a subresource.
    private static let verbsWithoutSubresources: Set<String> = ["proxy"]
    /// Subresources of a namespace object itself, so `/namespaces/NS/status` is not read as a resource
    /// called "status" inside NS.
    private static let namespaceSubresources: Set<String> = ["status", "finalize"]

    public static func from(method: String, path: Substring, query: Substring?, user: UserInfo) -> RequestAttributes {
        let decodedPath = URLDecoding.path(path)
        var a = RequestAttributes(user: user, verb: nonResourceVerb(method), isResourceRequest: false, path: decodedPath)

        // Everything shorter than /api/VERSION/RESOURCE or /apis/GROUP/VERSION/RESOURCE is discovery or
        // another non-resource path (/version, /healthz, /api, /apis/apps/v1).
        var parts = splitPath(decodedPath)[...]
        guard parts.count >= 3, let prefix = parts.first, prefix == "api" || prefix == "apis" else { return a }
        a.apiPrefix = prefix
        parts.removeFirst()
        if prefix == "apis" {
            guard parts.count >= 3 else { return a }
            a.apiGroup = parts.removeFirst()
        }
        a.isResourceRequest = true
        a.apiVersion = parts.removeFirst()

        guard let first = parts.first else { return a }
        if pathVerbs.contains(first) {
            // `/api/v1/watch` alone: kube fails the request (500) with what it knew so far; these partial
            // attributes name no resource, so only an all-resources rule could allow them.
            guard parts.count >= 2 else { return a }
            a.verb = first
            parts.removeFirst()
        } else {
            a.verb = resourceVerb(method)
        }

        // /namespaces/NS/RESOURCE/... is RESOURCE inside NS; /namespaces/NS and /namespaces/NS/status are
        // the namespace object itself, which kube also files under namespace NS.
        if parts.first == "namespaces", parts.count > 1 {
            a.namespace = parts[parts.startIndex + 1]
            if parts.count > 2, !namespaceSubresources.contains(parts[parts.startIndex + 2]) {
                parts.removeFirst(2)
            }
        }

        // What is left reads RESOURCE/NAME/SUBRESOURCE/anything-else.
        let rest = Array(parts)
        if rest.count >= 3, !verbsWithoutSubresources.contains(a.verb) { a.subresource = rest[2] }
        if rest.count >= 2 { a.name = rest[1] }
        if rest.count >= 1 { a.resource = rest[0] }

        if a.name.isEmpty, a.verb == "get" {
            let options = ListOptionsQuery(query)
            a.verb = options.watch ? "watch" : "list"
            if let name = options.exactName { a.name = name }
        }
        if a.name.isEmpty, a.verb == "delete" { a.verb = "deletecollection" }
        return a
    }

    /// kube uses the lower-cased method; HEAD is folded into get here so a read-only rule covers it.
    static func nonResourceVerb(_ method: String) -> String {
        switch method {
        case "GET", "HEAD": "get"  // spelled out: this runs per request, and lowercased() is Unicode-aware
        case "POST": "post"
        case "PUT": "put"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: method.lowercased()
        }
    }

    static func resourceVerb(_ method: String) -> String {
        switch method {
        case "POST": "create"
        case "GET", "HEAD": "get"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: ""
        }
    }

    /// Go's `strings.Split(strings.Trim(path, "/"), "/")`: outer slashes go, inner empty segments stay.
    /// Split on UTF-8 bytes, as Go splits bytes: a combining mark after "/" must not hide the slash inside
    /// one Character (and "/" never occurs inside a multi-byte sequence).
    static func splitPath(_ path: String) -> [String] {
        var path = path
        return path.withUTF8 { bytes in
            let slash = UInt8(ascii: "/")
            var start = 0, end = bytes.count
            while start < end, bytes[start] == slash { start += 1 }
            while end > start, bytes[end - 1] == slash { end -= 1 }
            if start == end { return [] }
            var segments: [String] = []
            var segmentStart = start
            for i in start..<end where bytes[i] == slash {
                segments.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<i]), as: UTF8.self))
                segmentStart = i + 1
            }
            segments.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<end]), as: UTF8.self))
            return segments
        }
    }
}
