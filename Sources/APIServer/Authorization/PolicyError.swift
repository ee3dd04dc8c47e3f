/// Why a policy file was refused (`file:line: message`).
public typealias PolicyError = FileLineError
