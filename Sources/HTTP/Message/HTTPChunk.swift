/// One piece of a streamed body framed once as its HTTP/1.1 chunk (`<size in hex>\r\n<payload>\r\n`), so
/// that a piece every stream sends alike (a watch event to 10,000 watchers) is framed once and each
/// connection sends these bytes as they are, without copying them into its own buffer first.
public struct HTTPChunk: Sendable {
    /// The chunk as it goes on the wire.
    public let framed: [UInt8]
    /// Where the payload starts in `framed` (it ends two bytes before the end).
    let payloadStart: Int

    public init(_ payload: [UInt8]) {
        var framed = Array(String(payload.count, radix: 16).utf8) + [13, 10]
        payloadStart = framed.count
        framed.reserveCapacity(payloadStart + payload.count + 2)
        framed += payload
        framed += [13, 10]
        self.framed = framed
    }

    /// The payload alone: for a stream without chunked coding (HTTP/1.0), or a sink without a socket.
    public var payload: ArraySlice<UInt8> { framed[payloadStart..<(framed.count - 2)] }
}
