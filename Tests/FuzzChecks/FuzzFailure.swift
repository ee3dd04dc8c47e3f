/// A broken invariant, said as the crash report will show it.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
