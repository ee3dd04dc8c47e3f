/// Where objects live in etcd, as kube-apiserver lays them out: `<prefix>/<resource>/<namespace>/<name>`,
/// and `<prefix>/<resource>/<name>` for cluster-scoped ones, the value being the object's JSON. So
/// `etcdctl get --prefix /registry/configmaps` shows them. Names and namespaces never hold a `/`
/// (Kubernetes validates them as path segments), so the number of segments tells the two apart.
struct EtcdKeys: Sendable {
    /// Without a trailing slash (`/registry`).
    let prefix: String
    private let prefixBytes: [UInt8]

    init(prefix: String) {
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        self.prefix = p
        prefixBytes = Array((p + "/").utf8)
    }

    func key(_ object: ObjectKey) -> [UInt8] {
        var out = prefixBytes
        out += object.resource.utf8
        out.append(UInt8(ascii: "/"))
        if !object.namespace.isEmpty {
            out += object.namespace.utf8
            out.append(UInt8(ascii: "/"))
        }
        out += object.name.utf8
        return out
    }

    /// The object a key under the prefix names; nil for keys that are not in this layout.
    func objectKey(_ key: [UInt8]) -> ObjectKey? {
        guard key.count > prefixBytes.count, key.starts(with: prefixBytes) else { return nil }
        let parts = key[prefixBytes.count...].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard !parts.contains(where: \.isEmpty) else { return nil }
        switch parts.count {
        case 2: return ObjectKey(resource: parts[0], name: parts[1])
        case 3: return ObjectKey(resource: parts[0], namespace: parts[1], name: parts[2])
        default: return nil
        }
    }

    /// The range [start, end) that holds every object under the prefix.
    var rangeStart: [UInt8] { prefixBytes }
    var rangeEnd: [UInt8] { EtcdRange.prefixEnd(prefixBytes) }
}
