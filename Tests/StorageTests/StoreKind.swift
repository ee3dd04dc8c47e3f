import TestSupport

/// The stores the shared behaviour tests run against.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, etcd

    var description: String { rawValue }

    /// Both, or SQLite alone (saying so once) where Debian's etcd is not installed.
    static let available: [StoreKind] = {
        guard EtcdProcess.isInstalled else {
            print("note: \(EtcdProcess.binary) not found: the storage tests run against SQLite only")
            return [.sqlite]
        }
        return allCases
    }()
}
