/// Deriving attributes from a request line, after kube-apiserver's `RequestInfoFactory.NewRequestInfo`
/// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go) with APIPrefixes {api, apis} and the
/// groupless prefix `api`.
extension RequestAttributes {
    public static func from(method: String, path: Substring, query: Substring?, user: UserInfo) -> RequestAttributes {
        #if DEBUG
        ParseCounter.current?.parsed()
        #endif
        let decodedPath = URLDecoding.path(path)
        var a = RequestAttributes(
            user: user, verb: nonResourceVerb(method), isResourceRequest: false, path: decodedPath)
        // Worked out on the path's UTF-8 bytes (Go works on bytes too): this runs on every request, and
        // String and Substring comparisons cost several times more than the rest of it together.
        var bytes = decodedPath
        guard bytes.withUTF8({ fillResourceInfo(&a, PathSegments($0), method: method) }) else { return a }
        if a.name.isEmpty, a.verb == "get" {
            let options = ListOptionsQuery(query)
            a.verb = options.watch ? "watch" : "list"
            if let name = options.exactName { a.name = name }
        }
        if a.name.isEmpty, a.verb == "delete" { a.verb = "deletecollection" }
        return a
    }

    /// False when the path stops short of naming a resource (the attributes so far are final).
    private static func fillResourceInfo(_ a: inout RequestAttributes, _ segments: PathSegments, method: String) -> Bool
    {
        var parts = segments.ranges[...]
        // Everything shorter than /api/VERSION/RESOURCE or /apis/GROUP/VERSION/RESOURCE is discovery or
        // another non-resource path (/version, /healthz, /api, /apis/apps/v1).
        guard parts.count >= 3, let prefix = parts.first else { return false }
        let isCore = segments.is(prefix, "api")
        guard isCore || segments.is(prefix, "apis") else { return false }
        a.apiPrefix = isCore ? "api" : "apis"
        parts.removeFirst()
        if !isCore {
            guard parts.count >= 3 else { return false }
            a.apiGroup = segments.string(parts.removeFirst())
        }
        a.isResourceRequest = true
        a.apiVersion = segments.string(parts.removeFirst())

        guard let first = parts.first else { return false }
        // The legacy `/api/v1/watch/...` and `/api/v1/proxy/...` forms put a verb where the resource would be.
        if segments.is(first, "watch") || segments.is(first, "proxy") {
            // `/api/v1/watch` alone: kube fails the request (500) with what it knew so far; these partial
            // attributes name no resource, so only an all-resources rule could allow them.
            guard parts.count >= 2 else { return false }
            a.verb = segments.string(first)
            parts.removeFirst()
        } else {
            a.verb = resourceVerb(method)
        }

        // /namespaces/NS/RESOURCE/... is RESOURCE inside NS; /namespaces/NS and /namespaces/NS/status (or
        // /finalize) are the namespace object itself, which kube also files under namespace NS.
        if let first = parts.first, segments.is(first, "namespaces"), parts.count > 1 {
            a.namespace = segments.string(parts[parts.startIndex + 1])
            if parts.count > 2 {
                let third = parts[parts.startIndex + 2]
                if !segments.is(third, "status"), !segments.is(third, "finalize") { parts.removeFirst(2) }
            }
        }

        // What is left reads RESOURCE/NAME/SUBRESOURCE/anything-else; proxy's trailing segments are the
        // proxied path, not a subresource.
        let at = parts.startIndex
        if parts.count >= 3, a.verb != "proxy" { a.subresource = segments.string(parts[at + 2]) }
        if parts.count >= 2 { a.name = segments.string(parts[at + 1]) }
        if parts.count >= 1 { a.resource = segments.string(parts[at]) }
        return true
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
}

/// Go's `strings.Split(strings.Trim(path, "/"), "/")` as byte ranges: outer slashes go, inner empty segments
/// stay. Bytes, as Go splits bytes: a combining mark after "/" must not hide the slash inside one Character
/// (and "/" never occurs inside a multi-byte sequence).
struct PathSegments {
    let bytes: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let slash = UInt8(ascii: "/")
        var start = 0, end = bytes.count
        while start < end, bytes[start] == slash { start += 1 }
        while end > start, bytes[end - 1] == slash { end -= 1 }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(8)  // /apis/GROUP/VERSION/namespaces/NS/RESOURCE/NAME/SUB: no regrowth
        if start < end {
            var segmentStart = start
            for i in start..<end where bytes[i] == slash {
                ranges.append(segmentStart..<i)
                segmentStart = i + 1
            }
            ranges.append(segmentStart..<end)
        }
        self.ranges = ranges
    }

    func `is`(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount
            && UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(
                UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
