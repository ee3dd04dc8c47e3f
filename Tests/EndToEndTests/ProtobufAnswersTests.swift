import Foundation
import KubeAPI
import Testing
import TestSupport

/// kubectl's recorded protobuf reads (KubectlProtobufReads) replayed against the real binary: each answer is
/// protobuf, and decodes (with the project's decoder) to the same object as the JSON answer to the same
/// request, for a get, a list, a watch and a Status.
@Suite("Protobuf answers end to end", .timeLimit(.minutes(2)))
struct ProtobufAnswersTests {
    final class API {
        let client: RawClient
        init(_ port: Int) throws { client = try RawClient(port: port) }

        func request(_ path: String, accept: String, userAgent: String = "kube-console-tests") throws
            -> RawClient.Response
        {
            try client.send("GET \(path) HTTP/1.1\r\nHost: x\r\nAccept: \(accept)\r\nUser-Agent: \(userAgent)\r\n\r\n")
            return try client.readResponse()
        }

        func post(_ path: String, _ body: String) throws -> JSONValue {
            try client.send(
                "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            return try JSONParser.parse(try client.readResponse().body)
        }
    }

    /// The namespace, the pod and its event, as capture_kubectl_reads.py's --setup makes them.
    func setUp(_ api: API) throws -> String {
        _ = try api.post("/api/v1/namespaces", #"{"metadata":{"name":"demo"}}"#)
        let pod = try api.post(
            "/api/v1/namespaces/demo/pods",
            #"{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{"limits":{"memory":"128Mi"}}}]}}"#
        )
        let uid = try #require(pod[["metadata", "uid"]]?.string)
        _ = try api.post(
            "/api/v1/namespaces/demo/events",
            #"{"metadata":{"name":"web.1"},"reason":"Scheduled","message":"assigned demo/web to node-1","type":"Normal","involvedObject":{"kind":"Pod","namespace":"demo","name":"web","uid":"\#(uid)"},"source":{"component":"default-scheduler"},"count":1,"firstTimestamp":"2024-06-01T12:00:00Z","lastTimestamp":"2024-06-01T12:00:00Z"}"#
        )
        return uid
    }

    func replay(_ recorded: KubectlProtobufReads.Request, _ api: API, uid: String) throws -> (
        protobuf: JSONValue, json: JSONValue
    ) {
        let path = recorded.path.replacingOccurrences(of: "{uid}", with: uid)
        let answer = try api.request(path, accept: recorded.accept, userAgent: recorded.userAgent)
        #expect(answer.header("content-type") == "application/vnd.kubernetes.protobuf", "\(path)")
        #expect(Array(answer.body.prefix(4)) == [0x6B, 0x38, 0x73, 0x00], "the k8s\\0 envelope")
        let json = try JSONParser.parse(try api.request(path, accept: "application/json").body)
        return (try ProtobufDecoder.decode(answer.body), json)
    }

    @Test func getAndListDecodeToTheJSONAnswer() throws {
        let server = try ServerProcess.serve(["--access-log=false"])
        let api = try API(server.port("localhost"))
        let uid = try setUp(api)

        let pod = try replay(KubectlProtobufReads.get, api, uid: uid)
        #expect(pod.protobuf == pod.json, "\(pod.protobuf.text)\n\(pod.json.text)")
        #expect(
            pod.protobuf[["spec", "containers"]]?.array?.first?[["resources", "limits", "memory"]]?.string == "128Mi")

        let events = try replay(KubectlProtobufReads.list, api, uid: uid)
        #expect(events.protobuf["kind"]?.string == "EventList")
        #expect(events.protobuf[["metadata", "resourceVersion"]] == events.json[["metadata", "resourceVersion"]])
        // List items carry no kind or apiVersion in protobuf (kube's typed lists have none in JSON either).
        let items = (events.json["items"]?.array ?? []).map { item in
            JSONValue.object((item.members ?? []).filter { $0.key != "kind" && $0.key != "apiVersion" })
        }
        #expect(events.protobuf["items"] == .array(items), "\(events.protobuf.text)\n\(events.json.text)")
        #expect(items.count == 1)

        // A failure is a Status in protobuf too.
        let missing = try api.request("/api/v1/namespaces/demo/pods/ghost", accept: KubectlProtobufReads.accept)
        #expect(missing.status == 404 && missing.header("content-type") == "application/vnd.kubernetes.protobuf")
        let status = try ProtobufDecoder.decode(missing.body)
        #expect(
            status
                == (try JSONParser.parse(
                    try api.request("/api/v1/namespaces/demo/pods/ghost", accept: "application/json").body)))
        #expect(status["reason"]?.string == "NotFound" && status["code"]?.int == 404)
    }

    @Test func watchFramesDecodeToTheJSONEvents() throws {
        let server = try ServerProcess.serve(["--access-log=false"])
        let api = try API(server.port("localhost"))
        let uid = try setUp(api)
        let watcher = try RawClient(port: server.port("localhost"))
        let recorded = KubectlProtobufReads.watch
        try watcher.send(
            "GET \(recorded.path) HTTP/1.1\r\nHost: x\r\nAccept: \(recorded.accept)\r\nUser-Agent: \(recorded.userAgent)\r\n\r\n"
        )
        let head = try watcher.readResponseHead()
        #expect(head.header("content-type") == "application/vnd.kubernetes.protobuf;stream=watch")

        // Frames may span chunks: read until the initial ADDED and the MODIFIED made below are both in.
        var bytes: [UInt8] = [], events: [JSONValue] = []
        func readEvents(_ count: Int) throws {
            while events.count < count {
                if let chunk = try watcher.readChunk() { bytes += chunk } else { break }
                while bytes.count >= 4 {
                    let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
                    guard bytes.count >= 4 + length else { break }
                    events.append(
                        try ProtobufDecoder.decode(
                            message: "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
                            from: Array(bytes[4..<(4 + length)])))
                    bytes.removeFirst(4 + length)
                }
            }
        }
        try readEvents(1)
        let body = #"{"count":2}"#
        try api.client.send(
            "PATCH /api/v1/namespaces/demo/events/web.1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/merge-patch+json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
        #expect(try api.client.readResponse().status == 200)
        try readEvents(2)
        #expect(events.map { $0["type"]?.string ?? "" } == ["ADDED", "MODIFIED"])
        let json = try JSONParser.parse(
            try api.request("/api/v1/namespaces/demo/events/web.1", accept: "application/json").body)
        #expect(events.last?["object"] == json, "\(events.last?["object"]?.text ?? "")\n\(json.text)")
        #expect(events.first?[["object", "involvedObject", "uid"]]?.string == uid)
    }
}
