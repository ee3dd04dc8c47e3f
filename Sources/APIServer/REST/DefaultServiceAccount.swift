import KubeAPI
import Storage

/// Every namespace's `default` ServiceAccount, which kube's service account controller creates. Here the
/// master makes it: with the namespace, before the create is answered (so `kubectl create token default`
/// works right after `kubectl create namespace`), and at start for namespaces that lack one.
enum DefaultServiceAccount {
    static let name = "default"

    /// A create's completion that, when the object created is a namespace, first creates the namespace's
    /// account. The namespace's answer does not depend on it: an account that already exists, or a refused
    /// write, is left as it is. Other resources' completions are returned as they are.
    static func creating(after completion: @escaping WriteCompletion, for resource: ResourceInfo, store: any Store)
        -> WriteCompletion
    {
        guard resource.name == "namespaces" else { return completion }
        return { result in
            guard case .success(let namespace) = result else { return completion(result) }
            let (key, uid, draft) = account(in: namespace.key.name)
            // On the store's writer thread: this only queues the write, answered with the next commit.
            store.create(key, uid: uid, draft) { _ in completion(result) }
        }
    }

    /// At start: each namespace without its account (and not being deleted) gets one. Blocking. An account
    /// is only built when missing: building one runs the decode defaults, whose type tables are otherwise
    /// not needed until the first write (a restart with every account in place never builds them).
    static func ensureAll(_ store: any Store) {
        guard let namespaces = try? store.list(ListRequest(resource: "namespaces")) else { return }
        for namespace in namespaces.items where namespace.fields["status.phase"] != "Terminating" {
            guard store.get(key(in: namespace.key.name)) == nil else { continue }
            let (key, uid, draft) = account(in: namespace.key.name)
            _ = try? store.create(key, uid: uid, draft)
        }
    }

    static func key(in namespace: String) -> ObjectKey {
        ObjectKey(resource: "serviceaccounts", namespace: namespace, name: name)
    }

    static func account(in namespace: String) -> (ObjectKey, String, ObjectDraft) {
        let resource = ResourceCatalog.core("serviceaccounts")!
        var object = JSONValue.object([
            ("kind", .string("ServiceAccount")), ("apiVersion", .string("v1")),
            ("metadata", .object([("name", .string(name)), ("namespace", .string(namespace))])),
        ])
        ObjectRules.applyDecodeDefaults(&object, resource: resource)
        ObjectRules.prepareForCreate(&object, resource: resource)
        return (
            key(in: namespace), object[["metadata", "uid"]]?.string ?? "",
            ResourceHandler.draft(object, resource: resource)
        )
    }
}
