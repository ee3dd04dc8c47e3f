/// The current objects, by resource then namespace then name, with names and namespaces kept sorted so a
/// list (or the next page of one) walks them in order without sorting. Inserting a name costs a binary
/// search and one array shift; updates only replace the value.
struct ObjectIndex {
    private struct Namespace {
        var objects: [String: StoredObject] = [:]
        var sortedNames: [String] = []
    }

    private struct Resource {
        var namespaces: [String: Namespace] = [:]
        var sortedNamespaces: [String] = []
    }

    private var resources: [String: Resource] = [:]
    private(set) var count = 0

    func get(_ key: ObjectKey) -> StoredObject? {
        resources[key.resource]?.namespaces[key.namespace]?.objects[key.name]
    }

    mutating func put(_ object: StoredObject) {
        let key = object.key
        var resource = resources.removeValue(forKey: key.resource) ?? Resource()
        if resource.namespaces[key.namespace] == nil { Self.insertSorted(key.namespace, into: &resource.sortedNamespaces) }
        var namespace = resource.namespaces.removeValue(forKey: key.namespace) ?? Namespace()
        if namespace.objects.updateValue(object, forKey: key.name) == nil {
            Self.insertSorted(key.name, into: &namespace.sortedNames)
            count += 1
        }
        resource.namespaces[key.namespace] = namespace
        resources[key.resource] = resource
    }

    mutating func remove(_ key: ObjectKey) {
        guard var resource = resources.removeValue(forKey: key.resource) else { return }
        defer { if !resource.namespaces.isEmpty { resources[key.resource] = resource } }
        guard var namespace = resource.namespaces.removeValue(forKey: key.namespace) else { return }
        if namespace.objects.removeValue(forKey: key.name) != nil {
            namespace.sortedNames.remove(at: Self.lowerBound(key.name, in: namespace.sortedNames))
            count -= 1
        }
        if namespace.objects.isEmpty {
            resource.sortedNamespaces.remove(at: Self.lowerBound(key.namespace, in: resource.sortedNamespaces))
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
        if let after, namespace == nil { start = Self.lowerBound(after.namespace, in: namespaces) }
        for ns in namespaces[start...] {
            guard let bucket = objects.namespaces[ns] else { continue }
            var first = 0
            if let after {
                if ns < after.namespace { continue }
                if ns == after.namespace { first = Self.upperBound(after.name, in: bucket.sortedNames) }
            }
            for name in bucket.sortedNames[first...] where !body(bucket.objects[name]!) { return }
        }
    }

    private static func insertSorted(_ value: String, into array: inout [String]) {
        array.insert(value, at: lowerBound(value, in: array))
    }

    /// The first index whose element is not less than `value`.
    private static func lowerBound(_ value: String, in array: [String]) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose element is greater than `value`.
    private static func upperBound(_ value: String, in array: [String]) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
