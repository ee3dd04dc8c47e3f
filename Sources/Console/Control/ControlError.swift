/// Why an operation through `ServerControl` did not happen, as the operator reads it (the server's own
/// error, or why the server could not be asked).
public struct ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
