/// Reads kubectl v1.32.4's typed (client-go) clients sent with `Accept: application/vnd.kubernetes.protobuf`,
/// recorded once with share/codegen/capture_kubectl_reads.py (a recording proxy in front of kube-console):
/// `kubectl describe pod web -n demo` (the GET and the LIST) and `kubectl events -n demo --watch` (the WATCH).
/// `{uid}` stands for the pod's uid, which differs on every run.
enum KubectlProtobufReads {
    struct Request {
        let path: String
        let accept: String
        let userAgent: String
    }

    static let accept = "application/vnd.kubernetes.protobuf,application/json"
    static let userAgent = "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07"

    /// `kubectl describe pod web -n demo`: the pod.
    static let get = Request(path: "/api/v1/namespaces/demo/pods/web", accept: accept, userAgent: userAgent)

    /// `kubectl describe pod web -n demo`: the pod's events.
    static let list = Request(
        path:
            "/api/v1/namespaces/demo/events?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddemo%2CinvolvedObject.uid%3D{uid}&limit=500",
        accept: accept, userAgent: userAgent)

    /// `kubectl events -n demo --watch`.
    static let watch = Request(
        path: "/api/v1/namespaces/demo/events?limit=500&watch=true", accept: accept, userAgent: userAgent)
}
