import Dispatch
import Foundation
import Testing
import TestSupport
@testable import APIServer
import KubeAPI
import Storage

/// A LIST is written piece by piece from the cache's bytes (`JSONListBody`) rather than assembled; what
/// the client receives must be exactly what the assembling encoder produced, whole and page by page.
@Suite("LIST streamed from the cache")
struct ListStreamingTests {
    static let inDefault = 99_000
    static let inKubePublic = 1_000

    /// The encoder every LIST used before streaming, kept verbatim as the oracle.
    static func assembled(_ result: ListResult, listKind: String = "ConfigMapList", apiVersion: String = "v1")
        -> [UInt8]
    {
        var body: [UInt8] = []
        body.reserveCapacity(result.items.reduce(128) { $0 + $1.value.count + 1 })
        body += Array(
            #"{"kind":"\#(listKind)","apiVersion":"\#(apiVersion)","metadata":{"resourceVersion":"\#(result.revision)""#
                .utf8)
        if let token = result.continueToken {
            body += Array(#","continue":"#.utf8); JSONValue.writeString(token, into: &body)
        }
        body += Array(#"},"items":["#.utf8)
        for (i, item) in result.items.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += item.value
        }
        body += Array("]}".utf8)
        return body
    }

    /// 100,000 configmaps, written through the store's group commit without waiting for each.
    static func fill(_ store: any Store) {
        let done = DispatchGroup()
        for (namespace, count) in [("default", inDefault), ("kube-public", inKubePublic)] {
            for i in 0..<count {
                let name = "cm-\(i)"
                let head = Array(
                    #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"\#(name)","namespace":"\#(namespace)","labels":{"app":"list"},"resourceVersion":""#
                        .utf8)
                let tail = Array(#""},"data":{"key":"value \#(i) \#(String(repeating: "x", count: i % 97))"}}"#.utf8)
                done.enter()
                store.create(
                    ObjectKey(resource: "configmaps", namespace: namespace, name: name), uid: "uid-\(namespace)-\(i)",
                    ObjectDraft(labels: ["app": "list"]) { revision in head + Array(String(revision).utf8) + tail }
                ) { result in
                    if case .failure(let error) = result { Issue.record("create failed: \(error)") }
                    done.leave()
                }
            }
        }
        done.wait()
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        (SHA256Digest.of(bytes) ?? []).map { String(format: "%02x", $0) }.joined()
    }

    @Test func aListOf100000ObjectsIsByteIdenticalWholeAndInPages() throws {
        var template = Array("/tmp/kc-list-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = ServerConfig()
        config.dataDir = dir
        config.port = freePort()
        config.readOnlyPort = 0
        config.securePort = 0
        config.accessLog = false
        config.ioLoops = 2
        let server = try APIServer(config: config, version: VersionInfo(buildDate: "2026-01-01T00:00:00Z"))
        defer { server.shutdown() }
        server.start()
        Self.fill(server.store)
        let client = try RawClient(port: config.port, timeout: 60)

        func get(_ path: String) throws -> RawClient.Response {
            try client.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
            return try client.readResponse()
        }

        // Every namespace at once, then one namespace: whole bodies.
        for (path, namespace) in [("/api/v1/configmaps", nil), ("/api/v1/namespaces/default/configmaps", "default")] {
            let response = try get(path)
            let expected = Self.assembled(
                try server.store.list(ListRequest(resource: "configmaps", namespace: namespace)))
            #expect(response.status == 200)
            #expect(response.header("content-length") == String(expected.count))
            #expect(
                Self.sha256(response.body) == Self.sha256(expected),
                "\(path): \(response.body.count) bytes, expected \(expected.count)")
        }

        // Pages of 30,000 across namespaces: each page as the old encoder wrote it, and together every object once.
        var token: String?
        var pages = 0
        var items = 0
        repeat {
            let query = "limit=30000" + (token.map { "&continue=" + $0 } ?? "")
            let response = try get("/api/v1/configmaps?" + query)
            let result = try server.store.list(ListRequest(resource: "configmaps", limit: 30_000, continueToken: token))
            let expected = Self.assembled(result)
            #expect(Self.sha256(response.body) == Self.sha256(expected), "page \(pages + 1)")
            items += result.items.count
            token = result.continueToken
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 4)
        #expect(items == Self.inDefault + Self.inKubePublic)
    }
}
