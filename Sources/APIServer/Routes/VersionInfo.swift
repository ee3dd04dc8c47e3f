import HTTP
import KubeAPI

/// What /version reports: the Kubernetes API level implemented here, since clients (kubectl's
/// dispatcher among them) choose behaviour by it, and this build's identity.
public struct VersionInfo: Sendable, Equatable {
    public static let kubeConsoleVersion = "0.1.0"
    public static let kubernetesMajor = "1"
    public static let kubernetesMinor = "32"

    public var buildDate: String
    public var gitCommit: String

    public init(buildDate: String, gitCommit: String = "unknown") {
        self.buildDate = buildDate
        self.gitCommit = gitCommit
    }

    public static var gitVersion: String {
        "v\(kubernetesMajor).\(kubernetesMinor).0+kube-console.\(kubeConsoleVersion)"
    }

    /// The toolchain, in the slot where kube-apiserver reports its Go version.
    public static var compilerVersion: String {
        #if compiler(>=6.3)
        return "swift6.3"
        #elseif compiler(>=6.2)
        return "swift6.2"
        #else
        return "swift6"
        #endif
    }

    public static var platform: String {
        #if arch(x86_64)
        return "linux/amd64"
        #elseif arch(arm64)
        return "linux/arm64"
        #else
        return "linux/unknown"
        #endif
    }

    /// Indented like kube-apiserver's answer.
    public var json: String {
        let fields: [(String, String)] = [
            ("major", Self.kubernetesMajor), ("minor", Self.kubernetesMinor), ("gitVersion", Self.gitVersion),
            ("gitCommit", gitCommit), ("gitTreeState", "clean"), ("buildDate", buildDate),
            ("goVersion", Self.compilerVersion), ("compiler", "swiftc"), ("platform", Self.platform),
        ]
        return "{\n" + fields.map { "  \(JSON.quote($0.0)): \(JSON.quote($0.1))" }.joined(separator: ",\n") + "\n}"
    }

    public var route: StaticRoute {
        StaticRoute(HTTPResponse(status: .ok, contentType: "application/json", body: Array(json.utf8)))
    }
}
