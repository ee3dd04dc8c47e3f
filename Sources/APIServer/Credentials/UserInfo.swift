/// Who a request is from, once authenticated: kube-apiserver's user.Info.
public struct UserInfo: Sendable, Equatable, Hashable {
    public var name: String
    public var uid: String
    public var groups: [String]
    /// What the authenticator adds (a service account token's credential ID, its pod): kube's GetExtra().
    public var extra: [String: [String]]

    public init(name: String, uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.name = name
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }
}
