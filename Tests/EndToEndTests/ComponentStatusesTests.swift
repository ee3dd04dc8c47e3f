import Foundation
import KubeAPI
import Testing
import TestSupport

/// componentstatuses report the store the master stands on (SQLite, or each etcd endpoint), read-only, with
/// kube-apiserver's deprecation warning.
@Suite("componentstatuses end to end")
struct ComponentStatusesTests {
    @Test(arguments: StoreBackend.available)
    func reportTheStore(_ store: StoreBackend) throws {
        let server = try ServerProcess.serve(["--access-log=false"] + store.flags())
        let client = try RawClient(port: server.port("localhost"))
        func call(_ method: String, _ path: String) throws -> RawClient.Response {
            try client.send("\(method) \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            return try client.readResponse()
        }
        let list = try call("GET", "/api/v1/componentstatuses")
        #expect(list.status == 200)
        #expect(list.header("warning") == #"299 - "v1 ComponentStatus is deprecated in v1.19+""#)
        let items = try JSONParser.parse(list.body)["items"]?.array ?? []
        let name = store == .etcd ? "etcd-0" : "sqlite"
        #expect(items.compactMap { $0[["metadata", "name"]]?.string } == [name])
        #expect(items.first?["conditions"]?.array?.first?["type"]?.string == "Healthy")
        #expect(items.first?["conditions"]?.array?.first?["status"]?.string == "True")

        let one = try call("GET", "/api/v1/componentstatuses/\(name)")
        let kind = try JSONParser.parse(one.body)["kind"]?.string
        #expect(one.status == 200 && kind == "ComponentStatus")
        #expect(try call("GET", "/api/v1/componentstatuses/scheduler").status == 404)
        #expect(try call("POST", "/api/v1/componentstatuses").status == 405)
        #expect(try call("GET", "/api/v1/componentstatuses?watch=true").status == 405)
    }
}
