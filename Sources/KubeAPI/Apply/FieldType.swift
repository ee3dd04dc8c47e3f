/// The shape server-side apply sees a value through (structured-merge-diff's schema atoms, as kube builds
/// them from the OpenAPI of the built-in types): it decides what a field set records for a value — a leaf,
/// each field of an object, each element of an associative list by its key.
public enum FieldType: Sendable, Equatable {
    case scalar(ScalarKind)
    /// An object with declared fields (a message of the registry). Atomic ones (`+structType=atomic`, or
    /// `+mapType=atomic` on the field) are owned whole.
    case structure(Int, atomic: Bool)
    /// An object with string keys and values of one type (`map[string]T`); granular unless `+mapType=atomic`.
    indirect case map(FieldType, atomic: Bool)
    indirect case list(FieldType, ListKind)
    /// A value of no declared type (runtime.RawExtension, FieldsV1, fields unknown to the schema): objects
    /// are granular with deduced members, lists atomic, as upstream's `__untyped_deduced_`.
    case deduced
    /// A value owned whole (`__untyped_atomic_`): the elements of deduced lists.
    case untypedAtomic

    public enum ScalarKind: Sendable, Equatable {
        case string, numeric, boolean
        /// Any scalar: quantities, int-or-string, times.
        case untyped
    }

    public enum ListKind: Sendable, Equatable {
        /// Owned whole, replaced on apply (the default for a list with no list type).
        case atomic
        /// Elements are scalars identified by their value (`+listType=set`, or patchStrategy merge without a key).
        case set
        /// Elements are objects identified by these key fields (`+listType=map`, or patchStrategy merge with a key).
        case map(keys: [String])
    }

    /// Whether values of this type are owned whole rather than field by field.
    var isAtomic: Bool {
        switch self {
        case .scalar, .untypedAtomic: true
        case .structure(_, let atomic), .map(_, let atomic): atomic
        case .list(_, let kind): kind == .atomic
        case .deduced: false
        }
    }
}
