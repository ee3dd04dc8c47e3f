/// Who a request is from, once authenticated: kube-apiserver's user.Info.
public struct UserInfo: Sendable, Equatable, Hashable {
    public var name: String
    public var uid: String
    public var groups: [String]

    public init(name: String, uid: String = "", groups: [String] = []) {
        self.name = name
        self.uid = uid
        self.groups = groups
    }
}
