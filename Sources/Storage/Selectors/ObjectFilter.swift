/// Which objects a list or watch wants: one resource, optionally one namespace, and its selectors.
struct ObjectFilter: Sendable {
    var resource: String
    /// nil: every namespace.
    var namespace: String?
    var labels: LabelSelector
    var fields: FieldSelector

    var selectsEverything: Bool { labels.isEverything && fields.isEverything }

    /// Resource and namespace: what a key alone decides.
    func covers(_ key: ObjectKey) -> Bool {
        key.resource == resource && (namespace == nil || namespace == key.namespace)
    }

    /// The selectors: what an object's labels and fields decide.
    func selects(_ object: StoredObject) -> Bool {
        selectsEverything || (labels.matches(object) && fields.matches(object))
    }
}
