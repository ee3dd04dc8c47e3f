import KubeAPI
import Storage

extension StatusError {
    /// A store refusal as the Status kube-apiserver would send.
    public static func from(_ error: StoreError, resource: String, group: String = "") -> StatusError {
        let qualified = qualified(resource, group)
        switch error {
        case .notFound(let key): return .notFound(resource, key.name, group: group)
        case .alreadyExists(let key): return .alreadyExists(resource, key.name, group: group)
        case .conflict(let key, .revision): return .conflict(qualified, key.name, modifiedReason)
        case .conflict(let key, .uid(let expected, let actual)):
            return .conflict(
                qualified, key.name,
                "Precondition failed: UID in precondition: \(expected), UID in object meta: \(actual)")
        case .tooOldResourceVersion, .continueExpired: return .gone(error.description)
        case .tooLargeResourceVersion:
            return StatusError(code: 504, reason: "Timeout", message: error.description)
        case .invalid(let message): return .badRequest(message)
        case .closed, .storage: return .internalError(error.description)
        // kube's NewServiceUnavailable: the store (etcd) is lost for now; the client may retry.
        case .unavailable(let message): return StatusError(code: 503, reason: "ServiceUnavailable", message: message)
        }
    }
}
