/// The durable object store (issue 4): the `Store` protocol, revisions, the watch cache and the SQLite
/// backend live here. Nothing is stored yet; the serving core needs no state.
public enum StorageModule {
    public static let name = "Storage"
}
