import HTTP
import KubeAPI
import Storage

/// A resource request, parsed once: which resource and object, the verb, and the list/watch options.
struct RESTRequest {
    let resource: ResourceInfo
    let verb: String
    let namespace: String
    let name: String
    let subresource: String
    let query: Substring?
    /// The answer's format, negotiated from Accept when the handler takes the request.
    var format: ResponseFormat = .json

    func option(_ key: String) -> String? { URLDecoding.queryValues(query, key: key).last }

    /// `pods "x" not found`, `leases.coordination.k8s.io "x" not found`.
    var notFound: StatusError { .notFound(resource.name, name, group: resource.group) }

    /// A store refusal as the Status kube-apiserver sends for this resource.
    func storeError(_ error: StoreError) -> StatusError { .from(error, resource: resource.name, group: resource.group) }

    var key: ObjectKey {
        ObjectKey(resource: resource.name, namespace: resource.namespaced ? namespace : "", name: name)
    }

    /// The namespace a list covers: nil for cluster-scoped resources and for all namespaces.
    var listNamespace: String? { resource.namespaced && !namespace.isEmpty ? namespace : nil }

    var labelSelector: LabelSelector {
        get throws {
            guard let text = option("labelSelector"), !text.isEmpty else { return .everything }
            do { return try LabelSelector(parsing: text) } catch {
                throw StatusError.badRequest("unable to parse requirement: \(error)")
            }
        }
    }

    var fieldSelector: Storage.FieldSelector {
        get throws {
            guard let text = option("fieldSelector"), !text.isEmpty else { return .everything }
            let selector: Storage.FieldSelector
            do { selector = try Storage.FieldSelector(parsing: text) } catch {
                throw StatusError.badRequest("\(error)")
            }
            return try FieldLabels.convert(selector, resource: resource.name)
        }
    }

    /// `?watch=true|1|True` (anything but false/0), and the legacy /watch/ paths.
    var isWatch: Bool { verb == "watch" }

    var limit: Int { option("limit").flatMap(Int.init) ?? 0 }

    var resourceVersion: String? { option("resourceVersion").flatMap { $0.isEmpty ? nil : $0 } }

    var dryRun: Bool { !(URLDecoding.queryValues(query, key: "dryRun").isEmpty) }

    /// Strict, Warn or Ignore; kube-apiserver's default is Warn (unknown fields become Warning headers).
    var fieldValidation: String { option("fieldValidation") ?? "Warn" }
}
