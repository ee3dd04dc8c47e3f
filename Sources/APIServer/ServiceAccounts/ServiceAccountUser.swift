/// The user a verified service account token stands for, as kube's ServiceAccountInfo.UserInfo() makes it:
/// `system:serviceaccount:NS:NAME` with the account's uid, in `system:serviceaccounts` and
/// `system:serviceaccounts:NS`, with the token's credential ID and its pod and node as extra.
enum ServiceAccountUser {
    static let allServiceAccountsGroup = "system:serviceaccounts"
    static let credentialIDKey = "authentication.kubernetes.io/credential-id"
    static let podNameKey = "authentication.kubernetes.io/pod-name"
    static let podUIDKey = "authentication.kubernetes.io/pod-uid"
    static let nodeNameKey = "authentication.kubernetes.io/node-name"
    static let nodeUIDKey = "authentication.kubernetes.io/node-uid"

    static func user(_ claims: ServiceAccountClaims) -> UserInfo {
        var extra: [String: [String]] = [:]
        if let pod = claims.pod, !pod.name.isEmpty, !pod.uid.isEmpty {
            extra[podNameKey] = [pod.name]
            extra[podUIDKey] = [pod.uid]
        }
        if !claims.id.isEmpty { extra[credentialIDKey] = ["JTI=" + claims.id] }
        if let node = claims.node, !node.name.isEmpty {
            extra[nodeNameKey] = [node.name]
            if !node.uid.isEmpty { extra[nodeUIDKey] = [node.uid] }
        }
        return UserInfo(
            name: ServiceAccountClaims.username(namespace: claims.namespace, name: claims.serviceAccount.name),
            uid: claims.serviceAccount.uid,
            groups: [allServiceAccountsGroup, "\(allServiceAccountsGroup):\(claims.namespace)"], extra: extra)
    }
}
