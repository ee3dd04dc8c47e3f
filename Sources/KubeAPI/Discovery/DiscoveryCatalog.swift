import COpenSSL

/// What discovery says about each served resource beyond the catalog: group/version grouping, categories,
/// subresource verbs and kinds, and the storage version hash.
extension Discovery {
    struct GroupVersion {
        var group: String
        var version: String
        var resources: [ResourceInfo]

        var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    }

    static let coreV1 = GroupVersion(group: "", version: "v1", resources: ResourceCatalog.coreV1)

    /// The named groups, in the order `/apis` lists them (first served first), one version each.
    static let servedGroups: [GroupVersion] = {
        var groups: [GroupVersion] = []
        for resource in ResourceCatalog.all where !resource.group.isEmpty {
            if let i = groups.firstIndex(where: { $0.group == resource.group && $0.version == resource.version }) {
                groups[i].resources.append(resource)
            } else {
                groups.append(GroupVersion(group: resource.group, version: resource.version, resources: [resource]))
            }
        }
        return groups
    }()

    /// kube-apiserver puts pods, services and replicationcontrollers in the `all` category (`kubectl get all`).
    static func categories(_ resource: ResourceInfo) -> [String] {
        resource.group.isEmpty && ["pods", "services", "replicationcontrollers"].contains(resource.name) ? ["all"] : []
    }

    /// The verbs of a subresource as kube-apiserver lists them.
    static func subresourceVerbs(_ subresource: String) -> [String] {
        switch subresource {
        case "status", "scale": ["get", "patch", "update"]
        case "binding", "eviction", "token": ["create"]
        case "finalize": ["update"]
        default: ["get"]
        }
    }

    /// The kind a subresource answers with: `pods/binding` is a `Binding`, `status` the parent's kind.
    static func subresourceKind(_ subresource: String, of resource: ResourceInfo) -> String {
        switch subresource {
        case "binding": "Binding"
        case "eviction": "Eviction"
        case "token": "TokenRequest"
        case "scale": "Scale"
        default: resource.kind
        }
    }

    /// The group and version of a subresource's kind when it is not the parent's: `serviceaccounts/token`
    /// answers an authentication.k8s.io/v1 TokenRequest, `pods/eviction` takes a policy/v1 Eviction, `*/scale` is
    /// an autoscaling/v1 Scale (kubectl drain and the scale client look for them). Nil: the parent's.
    static func subresourceGroupVersion(_ subresource: String, of resource: ResourceInfo) -> (
        group: String, version: String
    )? {
        switch subresource {
        case "token" where resource.group.isEmpty: ("authentication.k8s.io", "v1")
        case "eviction": ("policy", "v1")
        case "scale": ("autoscaling", "v1")
        default: nil
        }
    }

    /// Only stored resources carry a hash: not the create-only reviews, not componentstatuses.
    static func isStored(_ resource: ResourceInfo) -> Bool { resource.verbs.contains("watch") }

    /// kube-apiserver's `storageVersionHash`: base64 of the first 8 bytes of SHA-256 over `group/version/kind`.
    /// Empty (the field is then left out, as kube's omitempty does) only if OpenSSL itself fails.
    static func storageVersionHash(group: String, version: String, kind: String) -> String {
        let input = Array("\(group)/\(version)/\(kind)".utf8)
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = digest.withUnsafeMutableBufferPointer { output in
            input.withUnsafeBytes { kc_sha256($0.baseAddress, $0.count, output.baseAddress) }
        }
        return ok == 1 ? Base64.encode(digest.prefix(8)) : ""
    }

    static func groupVersionKind(group: String, version: String, kind: String) -> JSONValue {
        .object([("group", .string(group)), ("version", .string(version)), ("kind", .string(kind))])
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
}
