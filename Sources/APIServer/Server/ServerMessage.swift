/// One message the server had for its operator, with its wall-clock time (nanoseconds).
public struct ServerMessage: Sendable, Equatable {
    public var time: Int64
    public var text: String

    public init(time: Int64, text: String) {
        self.time = time
        self.text = text
    }
}
