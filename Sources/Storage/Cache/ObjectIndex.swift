/// The current objects, by resource then namespace then name, with names and namespaces kept sorted so a
/// list (or the next page of one) walks them in order without sorting. Inserting a name costs a binary
/// search and a shift within one chunk of `SortedNames`; updates only replace the value.
struct ObjectIndex {
    private struct Namespace {
        var objects: [String: StoredObject] = [:]
        var sortedNames = SortedNames()

        /// True when the name is new.
        mutating func put(_ object: StoredObject) -> Bool {
            guard objects.updateValue(object, forKey: object.key.name) == nil else { return false }
            sortedNames.insert(object.key.name)
            return true
        }
    }

    private struct Resource {
        var namespaces: [String: Namespace] = [:]
        var sortedNamespaces: [String] = []

        mutating func put(_ object: StoredObject) -> Bool {
            let namespace = object.key.namespace
            if namespaces[namespace] == nil { ObjectIndex.insertSorted(namespace, into: &sortedNamespaces) }
            return namespaces[namespace, default: Namespace()].put(object)  // edited in place
        }
    }

    private var resources: [String: Resource] = [:]
    private(set) var count = 0

    func get(_ key: ObjectKey) -> StoredObject? {
        resources[key.resource]?.namespaces[key.namespace]?.objects[key.name]
    }

    mutating func put(_ object: StoredObject) {
        if resources[object.key.resource, default: Resource()].put(object) { count += 1 }  // edited in place
    }

    mutating func remove(_ key: ObjectKey) {
        guard var resource = resources.removeValue(forKey: key.resource) else { return }
        defer { if !resource.namespaces.isEmpty { resources[key.resource] = resource } }
        guard var namespace = resource.namespaces.removeValue(forKey: key.namespace) else { return }
        if namespace.objects.removeValue(forKey: key.name) != nil {
            namespace.sortedNames.remove(key.name)
            count -= 1
        }
        if namespace.objects.isEmpty {
            resource.sortedNamespaces.remove(at: SortedNames.lowerBound(key.namespace, in: resource.sortedNamespaces))
        } else {
            resource.namespaces[key.namespace] = namespace
        }
    }

    /// Calls `body` with each object of `resource` (in `namespace`, or all when nil) that sorts after
    /// `after`, in list order, until `body` returns false.
    func forEach(resource: String, namespace: String?, after: ListPosition?, _ body: (StoredObject) -> Bool) {
        guard let objects = resources[resource] else { return }
        let namespaces = namespace.map { [$0] } ?? objects.sortedNamespaces
        var start = namespaces.startIndex
        if let after, namespace == nil { start = SortedNames.lowerBound(after.namespace, in: namespaces) }
        for ns in namespaces[start...] {
            guard let bucket = objects.namespaces[ns] else { continue }
            var from: String?
            if let after {
                if ns < after.namespace { continue }
                if ns == after.namespace { from = after.name }
            }
            var more = true
            bucket.sortedNames.forEach(after: from) { name in
                more = body(bucket.objects[name]!)
                return more
            }
            if !more { return }
        }
    }

    /// Namespaces are few: a plain sorted array.
    fileprivate static func insertSorted(_ value: String, into array: inout [String]) {
        array.insert(value, at: SortedNames.lowerBound(value, in: array))
    }
}
