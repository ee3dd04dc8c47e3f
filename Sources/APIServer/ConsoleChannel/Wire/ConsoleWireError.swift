/// A frame, result or operation that does not follow the wire format: where, and what is wrong.
public struct ConsoleWireError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
