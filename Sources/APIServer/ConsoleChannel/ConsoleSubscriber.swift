import HTTP

/// One attached console: its stream, who it is, and whether it has had its snapshot yet.
final class ConsoleSubscriber: Sendable {
    let id: UInt64
    let stream: HTTPStream
    let hello: ConsoleHello
    let peer: ConsolePeer

    init(id: UInt64, stream: HTTPStream, hello: ConsoleHello, peer: ConsolePeer) {
        self.id = id
        self.stream = stream
        self.hello = hello
        self.peer = peer
    }

    /// Queues `bytes` unless the console has more than `maxBacklog` bytes unread: then it gets a last
    /// frame saying why and the connection closes once that is read. False when cut off.
    func send(_ bytes: [UInt8], maxBacklog: Int) -> Bool {
        let unread = stream.backlog
        guard unread <= maxBacklog else {
            let reason = "too slow: \(unread) bytes not read (at most \(maxBacklog)); attach again"
            stream.write(ConsoleFrame.bye(reason: reason).encoded())
            stream.finish(closing: true)
            return false
        }
        stream.write(bytes)
        return true
    }
}
