/// Why a file the server reads (a policy, a token or password file) was refused: the file, the 1-based line
/// (0 when the trouble is not one line, such as an unreadable file) and what is wrong, printed the way
/// compilers print, `file:line: message`.
public struct FileLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
