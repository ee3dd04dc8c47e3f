import HTTP
import KubeAPI

/// The local way in: HTTP/1.1 on the Unix socket in the data directory, the same parser and limits as
/// the ports. The socket's `PeerCredentialGate` has let only the server's user and root in, so every
/// request is the local operator's; only the console channel's paths are served.
struct ConsoleSocketHandler: HTTPHandler {
    let channel: ConsoleChannel

    func handle(_ request: HTTPRequest, _ context: RequestContext, _ responder: HTTPResponder) {
        guard request.pathHasPrefix("/debug/console/") else {
            return responder.send(StatusError.notFound(path: request.path).response)
        }
        channel.serve(
            request, peer: ConsolePeer(.local(context.connection.peerCredentials)),
            reply: ConsoleChannel.Reply(send: { responder.send($0) }, stream: { responder.stream($0) }))
    }
}
