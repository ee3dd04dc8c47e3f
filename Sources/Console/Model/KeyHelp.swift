/// The help overlay's lines and the hint line, written from `KeyBinding.table` (what the keys really do).
public enum KeyHelp {
    /// (keys, what they do), one per binding.
    public static let lines: [(String, String)] = KeyBinding.table.map { ($0.labels.joined(separator: " "), $0.help) }

    /// `?:help 1-7:views /:filter ...`: the first key of each binding that has a hint word.
    public static let hint = KeyBinding.table.compactMap { binding in binding.hint.map { "\(binding.labels[0]):\($0)" }
    }
    .joined(separator: " ")
}
