import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI
@testable import Storage

/// Watch sessions over a real store, in-process: each event is one chunk of the recorded stream.
@Suite("REST in-process: watch")
struct RESTWatchTests {
    /// The recorded stream's events as (type, object name or bookmark resourceVersion).
    func events(_ stream: RecordingResponder) -> [(type: String, object: JSONValue)] {
        stream.chunks.compactMap { chunk in
            guard let event = try? JSONParser.parse(chunk), let type = event["type"]?.string,
                let object = event["object"]
            else { return nil }
            return (type, object)
        }
    }

    @Test func aWatchStartsWithWhatExistsThenStreamsChanges() throws {
        let api = try RESTFixture()
        try api.configMap("first")
        let stream = api.client.start("GET", "/api/v1/namespaces/default/configmaps?watch=true")
        let head = try #require(stream.response())
        #expect(head.isStream)
        #expect(head.code == 200)
        #expect(head.header("Content-Type") == "application/json")
        #expect(stream.waitForChunks(1))
        try api.configMap("second")
        _ = try api.delete("/api/v1/namespaces/default/configmaps/first")
        #expect(stream.waitForChunks(3))
        let seen = events(stream)
        #expect(seen.map(\.type) == ["ADDED", "ADDED", "DELETED"])
        #expect(seen.map { $0.object.name } == ["first", "second", "first"])
        #expect(stream.chunkTexts.allSatisfy { $0.hasSuffix("}\n") })  // one JSON line per chunk
        stream.disconnect()
    }

    @Test func aWatchResumesAfterAResourceVersion() throws {
        let api = try RESTFixture()
        let first = try api.configMap("first")
        try api.configMap("second")
        let rv = try #require(first.resourceVersion)
        let stream = api.client.start("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(rv)")
        #expect(stream.waitForChunks(1))
        _ = try api.put(
            "/api/v1/namespaces/default/configmaps/first", #"{"metadata":{"name":"first"},"data":{"k":"2"}}"#)
        #expect(stream.waitForChunks(2))
        let seen = events(stream)
        #expect(seen.map(\.type) == ["ADDED", "MODIFIED"])  // `first` itself is not replayed
        #expect(seen.map { $0.object.name } == ["second", "first"])
        stream.disconnect()
    }

    @Test func aResourceVersionBeyondTheHistoryIsAnExpiredErrorEvent() throws {
        let api = try RESTFixture(storeOptions: SQLiteStore.Options(historyWindow: 2))
        for name in ["a", "b", "c", "d"] { try api.configMap(name) }
        let stream = api.client.start("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1")
        #expect(stream.response()?.code == 200)  // kube answers in the stream, not with the status line
        #expect(stream.waitUntilFinished())
        let seen = events(stream)
        #expect(seen.map(\.type) == ["ERROR"])
        #expect(seen.first?.object["kind"]?.string == "Status")
        #expect(seen.first?.object["code"]?.int == 410)
        #expect(seen.first?.object["reason"]?.string == "Expired")
    }

    @Test func bookmarksCarryTheLatestResourceVersionWhenAllowed() throws {
        let api = try RESTFixture(watchSettings: WatchSettings(bookmarkInterval: .milliseconds(20)))
        try api.configMap("a")
        let stream = api.client.start(
            "GET", "/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true")
        #expect(stream.waitForChunks(2))
        let bookmark = try #require(events(stream).first { $0.type == "BOOKMARK" })
        #expect(bookmark.object["kind"]?.string == "ConfigMap")
        #expect(bookmark.object.resourceVersion == String(api.store.revision))
        stream.disconnect()
        let plain = api.client.start("GET", "/api/v1/namespaces/default/configmaps?watch=true")
        #expect(plain.waitForChunks(1))
        try api.configMap("b")
        #expect(plain.waitForChunks(2))
        #expect(events(plain).map(\.type) == ["ADDED", "ADDED"])  // no bookmarks unless asked for
        plain.disconnect()
    }

    @Test func timeoutSecondsEndsTheStream() throws {
        let api = try RESTFixture()
        let stream = api.client.start("GET", "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1")
        #expect(stream.response()?.code == 200)
        #expect(stream.waitUntilFinished(timeout: 20))
        #expect(eventually { api.store.statistics.watchers == 0 })
    }

    @Test func aClientThatGoesAwayEndsItsWatcher() throws {
        let api = try RESTFixture()
        let stream = api.client.start("GET", "/api/v1/watch/namespaces/default/configmaps?labelSelector=app%3Dweb")
        #expect(stream.response()?.code == 200)
        try api.configMap("db", labels: #"{"app":"db"}"#)
        try api.configMap("web", labels: #"{"app":"web"}"#)
        #expect(stream.waitForChunks(1))
        #expect(events(stream).map { $0.object.name } == ["web"])  // the legacy /watch/ path, label-selected
        #expect(api.store.statistics.watchers == 1)
        stream.disconnect()
        #expect(eventually { api.store.statistics.watchers == 0 })
    }
}
