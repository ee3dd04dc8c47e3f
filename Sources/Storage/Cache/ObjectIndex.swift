/// The current objects, by resource then namespace then name, with names and namespaces kept sorted so a
/// list (or the next page of one) walks them in order without sorting. Inserting a name costs a binary
/// search and a shift within one chunk of `SortedObjects`; an update replaces the object in both places.
struct ObjectIndex {
    private struct Namespace {
        /// By name, for GET; `sorted` holds the same objects in list order.
        var objects = NameTable()
        var sorted = SortedObjects()

        mutating func put(_ object: StoredObject) -> Bool {
            guard objects.put(object) == nil else {
                sorted.replace(object)
                return false
            }
            sorted.insert(object)
            return true
        }
    }

    private struct Resource {
        var namespaces: [String: Namespace] = [:]
        var sortedNamespaces: [String] = []

        /// True when the name is new.
        mutating func put(_ object: StoredObject) -> Bool {
            let namespace = object.key.namespace
            if namespaces[namespace] == nil { ObjectIndex.insertSorted(namespace, into: &sortedNamespaces) }
            return namespaces[namespace, default: Namespace()].put(object)  // edited in place
        }
    }

    private var resources: [String: Resource] = [:]
    private(set) var count = 0

    func get(_ key: ObjectKey) -> StoredObject? {
        resources[key.resource]?.namespaces[key.namespace]?.objects.get(key.name)
    }

    mutating func put(_ object: StoredObject) {
        if resources[object.key.resource, default: Resource()].put(object) { count += 1 }  // edited in place
    }

    mutating func remove(_ key: ObjectKey) {
        guard var resource = resources.removeValue(forKey: key.resource) else { return }
        defer { if !resource.namespaces.isEmpty { resources[key.resource] = resource } }
        guard var namespace = resource.namespaces.removeValue(forKey: key.namespace) else { return }
        if namespace.objects.remove(key.name) != nil {
            namespace.sorted.remove(key.name)
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
            var from: String?
            if let after {
                if ns < after.namespace { continue }
                if ns == after.namespace { from = after.name }
            }
            var more = true
            bucket.sorted.forEach(after: from) { object in
                more = body(object)
                return more
            }
            if !more { return }
        }
    }

    /// Namespaces are few: a plain sorted array.
    fileprivate static func insertSorted(_ value: String, into array: inout [String]) {
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
}
