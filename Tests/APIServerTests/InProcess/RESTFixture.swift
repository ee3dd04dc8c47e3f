import Foundation
import HTTP
import Storage
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// The API's routes over a real store (SQLite in a temporary directory, with the system namespaces), served
/// through an in-process client: the REST verbs without a socket or the binary.
final class RESTFixture: @unchecked Sendable {
    let directory: String
    let store: SQLiteStore
    let client: InProcessClient

    init(watchSettings: WatchSettings = WatchSettings(), storeOptions: SQLiteStore.Options = SQLiteStore.Options())
        throws
    {
        directory = makeTemporaryDirectory()
        store = try SQLiteStore(directory: directory, options: storeOptions)
        APIServer.ensureSystemNamespaces(store)
        let routes = APIServer.routes(
            security: nil, store: store, codecs: .standard, version: VersionInfo(buildDate: "test"),
            observatory: Observatory(shards: 1), watchSettings: watchSettings)
        client = InProcessClient(
            FilterChain(port: .localhost, filters: [], endpoint: routes, rejections: IgnoredRejections()))
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func get(_ target: String, headers: [(String, String)] = []) throws -> RecordedResponse {
        try client.get(target, headers: headers)
    }

    func post(_ target: String, _ json: String, headers: [(String, String)] = []) throws -> RecordedResponse {
        try client.send("POST", target, json: json, headers: headers)
    }

    func put(_ target: String, _ json: String) throws -> RecordedResponse {
        try client.send("PUT", target, json: json)
    }

    func patch(_ target: String, _ body: String, type: String) throws -> RecordedResponse {
        try client.send("PATCH", target, json: body, headers: [("Content-Type", type)])
    }

    func delete(_ target: String, _ json: String? = nil) throws -> RecordedResponse {
        guard let json else { return try client.send("DELETE", target) }
        return try client.send("DELETE", target, json: json)
    }

    /// Creates a configmap in `namespace` and returns it as stored.
    @discardableResult
    func configMap(_ name: String, namespace: String = "default", labels: String = "{}", data: String = "{}") throws
        -> JSONValue
    {
        let created = try post(
            "/api/v1/namespaces/\(namespace)/configmaps",
            #"{"metadata":{"name":"\#(name)","labels":\#(labels)},"data":\#(data)}"#)
        guard created.code == 201 else { throw FixtureError.unexpected(created) }
        return created.json
    }
}

enum FixtureError: Error { case unexpected(RecordedResponse) }

/// The engine's rejections (malformed requests) never happen in-process.
struct IgnoredRejections: RejectionObserver {
    func rejected(_ error: HTTPParseError, port: PortKind, connection: ConnectionInfo) {}
}

extension RecordedResponse {
    /// The body as JSON (`null` when it is not JSON).
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }

    /// A Status body's reason ("NotFound", "Conflict", ...).
    var reason: String? { json["reason"]?.string }

    var message: String? { json["message"]?.string }

    var names: [String] { json["items"]?.array?.compactMap { $0[["metadata", "name"]]?.string } ?? [] }
}

extension JSONValue {
    var name: String? { self[["metadata", "name"]]?.string }
    var resourceVersion: String? { self[["metadata", "resourceVersion"]]?.string }
}
