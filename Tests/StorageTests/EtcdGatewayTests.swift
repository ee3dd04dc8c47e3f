import Testing
@testable import Storage

/// The gateway's JSON and the key layout, without an etcd: messages as etcd 3.4 writes them.
@Suite struct EtcdGatewayTests {
    @Test func aWatchMessageAsTheGatewayWritesIt() throws {
        let line =
            #"{"result":{"header":{"cluster_id":"15118495548433857066","member_id":"13668033151171901709","revision":"5","raft_term":"2"},"events":[{"kv":{"key":"L3JlZy9i","create_revision":"3","mod_revision":"4","version":"2","value":"aGVsbG8y"}},{"type":"DELETE","kv":{"key":"L3JlZy9i","mod_revision":"5"}}]}}"#
        let message = EtcdWatchMessage(try GatewayJSONParser.parse(Array(line.utf8)))
        #expect(message.header.revision == 5 && message.header.memberID == 13_668_033_151_171_901_709)
        #expect(!message.created && !message.canceled)
        #expect(message.events.map(\.deleted) == [false, true])
        #expect(message.events[0].kv.key == Array("/reg/b".utf8) && message.events[0].kv.value == Array("hello2".utf8))
        #expect(
            message.events[0].kv.createRevision == 3 && message.events[0].kv.modRevision == 4
                && message.events[0].kv.version == 2)
        #expect(message.events[1].kv.modRevision == 5 && message.events[1].kv.value.isEmpty)
        let cancelled = EtcdWatchMessage(
            try GatewayJSONParser.parse(
                Array(#"{"result":{"header":{"raft_term":"2"},"canceled":true,"compact_revision":"5"}}"#.utf8)))
        #expect(cancelled.canceled && cancelled.compactRevision == 5)
    }

    @Test func aTransactionRequestAndItsAnswer() throws {
        let txn = EtcdTxn(
            compare: [.init(key: Array("/k".utf8), target: .mod, equals: 7)],
            success: [.put(key: Array("/k".utf8), value: Array("v".utf8), lease: 0)],
            failure: [.range(key: Array("/k".utf8))])
        #expect(
            String(decoding: txn.json.serialized, as: UTF8.self)
                == #"{"compare":[{"key":"L2s=","mod_revision":"7","result":"EQUAL","target":"MOD"}],"failure":[{"request_range":{"key":"L2s="}}],"success":[{"request_put":{"key":"L2s=","value":"dg=="}}]}"#
        )
        // A failed comparison: "succeeded" is left out (false is protobuf's zero value).
        let failed = EtcdTxnResult(
            try GatewayJSONParser.parse(
                Array(
                    #"{"header":{"revision":"3"},"responses":[{"response_range":{"header":{"revision":"3"},"kvs":[{"key":"L2s=","create_revision":"3","mod_revision":"3","version":"1","value":"aGVsbG8="}],"count":"1"}}]}"#
                        .utf8)))
        #expect(!failed.succeeded && failed.header.revision == 3 && failed.ranges.first?.first?.modRevision == 3)
    }

    @Test(arguments: [#"{"a":"\u00e9\ud83d\ude00\n\"x\""}"#, #"{"n":-12.5e3,"t":true,"f":false,"z":null,"l":[1,[2]]}"#])
    func strictJSONParses(_ text: String) throws {
        let value = try GatewayJSONParser.parse(Array(text.utf8))
        if let a = value["a"]?.string { #expect(a == "é😀\n\"x\"") }
        if let l = value["l"] { #expect(l.array.count == 2 && value["n"] == .number("-12.5e3") && value["z"] == .null) }
    }

    /// Strings with and without escapes (the fast paths take plain ones whole) read back as written.
    @Test(arguments: [
        "plain", "", "with \"quotes\" and \\", "line\nbreak\u{01}", "é😀 bytes", String(repeating: "ab+/=", count: 500),
    ])
    func stringsRoundTrip(_ text: String) throws {
        let written = GatewayJSON.object(["s": .string(text)]).serialized
        #expect(try GatewayJSONParser.parse(written)["s"]?.string == text)
        #expect(String(decoding: written, as: UTF8.self).contains(#"\u0001"#) == text.contains("\u{01}"))
    }

    /// etcd's bytes fields: standard base64, padded; decoding takes either alphabet, with or without padding.
    @Test func base64RoundTripsAndRefusesStrangers() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 251) }
            let text = Base64.encode(bytes)
            #expect(text.count == (length + 2) / 3 * 4 && Base64.decode(text) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("-_8") == Base64.decode("+/8=") && Base64.decode("+/8=") == [0xfb, 0xff])
        #expect(Base64.decode("Zm9v YmFy") == nil && Base64.decode("Zm9v!") == nil)
    }

    @Test(arguments: ["", "{", #"{"a":}"#, "[1,]", #"{"a":1} x"#, "\"\u{01}\"", String(repeating: "[", count: 40)])
    func malformedJSONIsRefused(_ text: String) {
        #expect(throws: GatewayJSONParser.Failure.self) { try GatewayJSONParser.parse(Array(text.utf8)) }
    }

    @Test func keysAreKubeApiserversLayout() {
        let keys = EtcdKeys(prefix: "/registry/")
        #expect(
            String(decoding: keys.key(ObjectKey(resource: "pods", namespace: "ns", name: "p")), as: UTF8.self)
                == "/registry/pods/ns/p")
        #expect(
            String(decoding: keys.key(ObjectKey(resource: "nodes", name: "n")), as: UTF8.self) == "/registry/nodes/n")
        #expect(
            keys.objectKey(Array("/registry/pods/ns/p".utf8)) == ObjectKey(resource: "pods", namespace: "ns", name: "p")
        )
        #expect(keys.objectKey(Array("/registry/nodes/n".utf8)) == ObjectKey(resource: "nodes", name: "n"))
        for other in ["/registry/pods", "/registry/a/b/c/d", "/registry/pods//p", "/registryx/pods/p", "/other/pods/p"]
        {
            #expect(keys.objectKey(Array(other.utf8)) == nil, "\(other)")
        }
        #expect(keys.rangeStart == Array("/registry/".utf8) && keys.rangeEnd == Array("/registry0".utf8))
        #expect(EtcdRange.prefixEnd([0x61, 0xFF]) == [0x62] && EtcdRange.prefixEnd([0xFF]) == [0])
    }
}

extension EtcdGatewayTests {
    /// Watch messages split across pieces at any byte, several per piece, or one in many pieces.
    @Test func linesAreSplitWhereverThePiecesEnd() {
        let text = Array("{\"a\":1}\n{\"b\":2}\n\n{\"c\":\"\(String(repeating: "x", count: 1_000))\"}\n".utf8)
        for size in [1, 3, 7, 64, 5_000] {
            let pending = PendingBytes()
            var lines: [String] = []
            var at = 0
            while at < text.count {
                pending.append(Array(text[at..<min(at + size, text.count)]))
                at += size
                while let line = pending.takeLine() { lines.append(String(decoding: line, as: UTF8.self)) }
            }
            #expect(
                lines.count == 4 && lines[0] == "{\"a\":1}" && lines[2].isEmpty && lines[3].count == 1_008,
                "piece size \(size)")
            #expect(pending.count == 0)
        }
    }
}
