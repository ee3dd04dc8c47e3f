import Foundation
import TestSupport

/// The stores the REST suite runs against: SQLite in the data directory, and etcd (the shared test etcd,
/// under a prefix of the test's own).
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, etcd

    var description: String { rawValue }

    static let available: [StoreBackend] = {
        guard EtcdProcess.isInstalled else {
            print("note: \(EtcdProcess.binary) not found: the REST suite runs against SQLite only")
            return [.sqlite]
        }
        return allCases
    }()

    /// `serve` flags for this store; each call gives a fresh etcd prefix (keep one for a restart).
    func flags() throws -> [String] {
        switch self {
        case .sqlite: return []
        case .etcd:
            return [
                "--etcd-servers", try EtcdProcess.shared.url, "--etcd-prefix", "/rest-\(UUID().uuidString.prefix(8))",
                "--etcd-compaction-interval", "0s",
            ]
        }
    }
}
