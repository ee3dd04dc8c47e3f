/// RFC 3339 times as Kubernetes writes them (`2025-12-01T02:40:00.123456Z`, offsets too), parsed without
/// Foundation's date machinery (the same parser the table printers use).
public enum RFC3339 {
    /// Nanoseconds since the Unix epoch, nil when `text` is not an RFC 3339 time.
    public static func unixNanoseconds(_ text: String) -> Int64? { TableTime.parse(text) }
}
