import Synchronization
import Testing
import TestSupport
@testable import HTTP

/// A one-loop server whose handler starts a stream for every request and hands it to the test: for tests
/// of what a stream does on a real connection.
final class StreamingServer {
    private final class Handler: HTTPHandler {
        let streams = Mutex<[HTTPStream]>([])

        func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: any HTTPResponder) {
            let stream = responder.stream(
                HTTPResponseHead(status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")])))
            streams.withLock { $0.append(stream) }
        }
    }

    private let handler = Handler()
    let server = HTTPServer(loopCount: 1)
    let port: Int

    init() throws {
        let bound = try server.bind(ListenerConfiguration(name: "test", host: "127.0.0.1", port: 0, handler: handler))
        port = bound.port
        try server.start()
    }

    deinit { server.shutdown(gracePeriod: .seconds(1)) }

    var loop: EventLoop { server.loops[0] }

    /// A new client's GET of `path`, and the stream that answers it.
    func openStream(_ path: String = "/watch") throws -> (client: RawClient, stream: HTTPStream) {
        let before = handler.streams.withLock { $0.count }
        let client = try RawClient(port: port)
        try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = eventually { handler.streams.withLock { $0.count } > before }
        let stream = try #require(handler.streams.withLock { $0.count > before ? $0[before] : nil })
        return (client, stream)
    }
}
