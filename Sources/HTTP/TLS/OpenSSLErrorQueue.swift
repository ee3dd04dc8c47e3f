import COpenSSL

/// OpenSSL's per-thread error queue. Every OpenSSL failure (TLS here, keys and certificates in
/// APIServer) is explained from it, and it must be emptied afterwards or the next failure reads stale
/// entries.
public enum OpenSSLErrorQueue {
    /// The queued errors, oldest first, one line each; the queue is empty afterwards.
    public static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return messages
    }
}
