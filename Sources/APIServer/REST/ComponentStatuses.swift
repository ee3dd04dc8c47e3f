import HTTP
import KubeAPI
import Storage

/// componentstatuses, read-only and stored nowhere. kube-apiserver probes the scheduler, the
/// controller-manager and each etcd member; this master is one process, so what it reports is the store it
/// stands on: each etcd endpoint (`etcd-N`), or `sqlite` (the database in the data directory). Each component
/// is a ComponentStatus with one `Healthy` condition, as kube's, and every answer carries kube's deprecation
/// warning.
enum ComponentStatuses {
    static let deprecation = "v1 ComponentStatus is deprecated in v1.19+"

    struct Component {
        var name: String
        var healthy: Bool
        var message: String
        var error: String
    }

    static func handle(_ r: RESTRequest, _ exchange: Exchange, store: any Store, codecs: RESTCodecs) throws {
        let items = components(store).map(object)
        switch (r.verb, r.subresource) {
        case ("list", ""):
            if r.format.isTable {
                let table = codecs.table(
                    r.resource, items, wallClockNanoseconds(), r.option("includeObject") ?? "Metadata", "", nil)
                exchange.respond(ResourceHandler.json(.ok, table.bytes, warnings: [deprecation]))
                return
            }
            let list = JSONValue.object([
                ("kind", .string("ComponentStatusList")), ("apiVersion", .string("v1")), ("metadata", .object([])),
                ("items", .array(items)),
            ])
            exchange.respond(ResourceResponses.object(.ok, list, r.format, warnings: [deprecation]))
        case ("get", ""):
            guard let item = items.first(where: { $0[["metadata", "name"]]?.string == r.name }) else {
                throw r.notFound
            }
            if r.format.isTable {
                let table = codecs.table(
                    r.resource, [item], wallClockNanoseconds(), r.option("includeObject") ?? "Metadata", "", nil)
                exchange.respond(ResourceHandler.json(.ok, table.bytes, warnings: [deprecation]))
                return
            }
            exchange.respond(ResourceResponses.object(.ok, item, r.format, warnings: [deprecation]))
        default:
            throw StatusError.methodNotAllowed(exchange.request.method, path: exchange.request.path)
        }
    }

    /// The store: with etcd, each endpoint as kube names etcd servers (`etcd-0`, `etcd-1`...) with the health
    /// its monitor last saw; with SQLite, the database, probed with a one-item read.
    static func components(_ store: any Store) -> [Component] {
        if let etcd = store as? EtcdStore {
            return etcd.status.endpoints.enumerated().map { i, endpoint in
                endpoint.reachable
                    ? Component(name: "etcd-\(i)", healthy: true, message: #"{"health":"true","reason":""}"#, error: "")
                    : Component(
                        name: "etcd-\(i)", healthy: false, message: "", error: endpoint.lastError ?? "unreachable")
            }
        }
        do {
            _ = try store.list(ListRequest(resource: "namespaces", limit: 1))
            return [Component(name: "sqlite", healthy: true, message: "ok", error: "")]
        } catch {
            return [Component(name: "sqlite", healthy: false, message: "", error: "\(error)")]
        }
    }

    static func object(_ component: Component) -> JSONValue {
        var condition: [(key: String, value: JSONValue)] = [
            ("type", .string("Healthy")), ("status", .string(component.healthy ? "True" : "False")),
        ]
        if !component.message.isEmpty { condition.append(("message", .string(component.message))) }
        if !component.error.isEmpty { condition.append(("error", .string(component.error))) }
        return .object([
            ("kind", .string("ComponentStatus")), ("apiVersion", .string("v1")),
            ("metadata", .object([("name", .string(component.name)), ("creationTimestamp", .null)])),
            ("conditions", .array([.object(condition)])),
        ])
    }
}
