/// An object's members with the keyed edits patching needs. Keys keep the order they were written in; a new
/// key goes last, a replaced one stays where it was, so patched objects read like their originals.
struct Members {
    var list: [(key: String, value: JSONValue)]

    init(_ list: [(key: String, value: JSONValue)] = []) { self.list = list }

    var json: JSONValue { .object(list) }

    func has(_ key: String) -> Bool { list.contains { $0.key == key } }

    /// The member's value; setting nil removes it.
    subscript(key: String) -> JSONValue? {
        get { list.last { $0.key == key }?.value }
        set {
            // A repeated key (the last one counts, as in Go) collapses to one member at the first place.
            guard let newValue else { list.removeAll { $0.key == key }; return }
            if let i = list.firstIndex(where: { $0.key == key }) {
                list[i].value = newValue
                list = list.enumerated().filter { $0.offset <= i || $0.element.key != key }.map(\.element)
            } else {
                list.append((key, newValue))
            }
        }
    }
}
