import Synchronization

/// Random bytes for the identifiers a create makes (its uid, a generated name), drawn a block at a time and
/// handed out once each. Foundation's UUID opened, read and closed /dev/urandom for every uid, and the
/// standard library's generator asks getrandom(2) for every eight bytes: together four to eight system
/// calls per create, now one draw per 4 KB.
enum RandomBytes {
    static let blockSize = 4096

    private struct Pool {
        var bytes: [UInt8] = []
        var next = 0
    }

    private static let pool = Mutex(Pool())

    /// `count` (at most `blockSize`) bytes no one else gets.
    static func take(_ count: Int) -> [UInt8] {
        precondition(count <= blockSize, "ask for at most a block")
        return pool.withLock { pool in
            if pool.next + count > pool.bytes.count {
                pool.bytes = block()
                pool.next = 0
            }
            defer { pool.next += count }
            return Array(pool.bytes[pool.next..<pool.next + count])
        }
    }

    /// A random (version 4, RFC 9562) UUID in lower case: what kube-apiserver puts in metadata.uid.
    static func uuid() -> String {
        var b = take(16)
        b[6] = b[6] & 0x0F | 0x40  // version 4
        b[8] = b[8] & 0x3F | 0x80  // the RFC's variant
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (i, byte) in b.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `count` (at most 8) characters drawn uniformly from `alphabet`, from one 64-bit number: the bias
    /// of taking it modulo alphabet.count^count is below 2^-40 for the 27 letters of generated names.
    static func string(count: Int, from alphabet: [Character]) -> String {
        precondition(count <= 8 && !alphabet.isEmpty, "a short string from a non-empty alphabet")
        var n = take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var out = ""
        for _ in 0..<count {
            out.append(alphabet[Int(n % UInt64(alphabet.count))])
            n /= UInt64(alphabet.count)
        }
        return out
    }

    /// One block from OpenSSL's CSPRNG (`SecureRandom`, which tokens come from too); the standard library's
    /// generator if OpenSSL cannot seed itself: a uid or a name suffix is not a secret, so a create goes on.
    private static func block() -> [UInt8] {
        if let bytes = SecureRandom.bytes(blockSize) { return bytes }
        var generator = SystemRandomNumberGenerator()
        return (0..<blockSize).map { _ in generator.next() }
    }
}
