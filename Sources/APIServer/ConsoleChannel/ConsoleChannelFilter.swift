import HTTP

/// The last filter of the secure port: requests under /debug/console/ are the console channel's, after
/// authentication and the policy have let them through (a GET to watch, a POST to operate); everything
/// else goes on to the routes. Not on the localhost or read-only ports: nobody is known there.
struct ConsoleChannelFilter: APIFilter {
    let channel: ConsoleChannel

    func handle(_ exchange: Exchange, next: any APIHandler) {
        guard exchange.request.pathHasPrefix("/debug/console/") else { return next.handle(exchange) }
        let user = exchange.user ?? UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])
        channel.serve(
            exchange.request, peer: ConsolePeer(.remote(user, client: exchange.clientHost)),
            reply: ConsoleChannel.Reply(send: { exchange.respond($0) }, stream: { exchange.stream($0) }))
    }
}
