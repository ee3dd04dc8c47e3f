import COpenSSL
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection made by this process (plain or TLS), used by one thread at a time with blocking
/// semantics and deadlines: the socket is non-blocking underneath and every wait is a poll(2) bounded by
/// the caller's deadline, so a stalled server costs a timeout, never a hung thread. `abort()` may be
/// called from another thread to wake a reader that waits without a deadline (a watch stream).
final class ClientSocket: @unchecked Sendable {  // the SSL object is confined to the owning thread
    /// Bytes asked of the kernel (or OpenSSL) per read.
    static let readSize = 64 * 1024

    private let fd: Int32
    private var ssl: OpaquePointer?
    private var scratch = [UInt8](repeating: 0, count: ClientSocket.readSize)
    /// Whether the descriptor is closed: `abort()` must never shut down a number the kernel reused.
    private let closed = Mutex(false)

    private init(fd: Int32) { self.fd = fd }

    deinit { close() }

    /// Resolves, connects and (for TLS) shakes hands, all before `deadline` (monotonic nanoseconds).
    static func connect(to origin: HTTPOrigin, tls: ClientTLSContext?, deadline: Int64) throws(HTTPClientError)
        -> ClientSocket
    {
        if let path = origin.unixSocketPath { return try connect(unixSocket: path) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(origin.host, String(origin.port), &hints, &list)
        guard rc == 0, let list else {
            throw HTTPClientError(.notSent, "cannot resolve \(origin.host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = HTTPClientError(.notSent, "no address for \(origin.host)")
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let info = entry {
            entry = info.pointee.ai_next
            do throws(HTTPClientError) {
                let socket = try connect(info.pointee, deadline: deadline)
                if let tls { try socket.handshake(tls, host: origin.host, deadline: deadline) }
                return socket
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ info: addrinfo, deadline: Int64) throws(HTTPClientError) -> ClientSocket {
        let fd = socket(
            info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0)
        guard fd >= 0 else { throw HTTPClientError(.notSent, "socket: \(String(cString: strerror(errno)))") }
        let socket = ClientSocket(fd: fd)
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw HTTPClientError(.notSent, String(cString: strerror(errno))) }
            try HTTPClientError.staged(.notSent) { () throws(HTTPClientError) in
                try socket.wait(Int16(POLLOUT), deadline: deadline)
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { throw HTTPClientError(.notSent, String(cString: strerror(error))) }
        }
        // Requests are written whole in one call; don't hold their last segment back for an ACK.
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return socket
    }

    /// A Unix-domain stream socket: connecting is immediate (refused, or queued by the listener).
    private static func connect(unixSocket path: String) throws(HTTPClientError) -> ClientSocket {
        let address: sockaddr_un
        do { address = try Socket.unixAddress(path) } catch { throw HTTPClientError(.notSent, "\(error)") }
        let fd = socket(
            AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPClientError(.notSent, "socket: \(String(cString: strerror(errno)))") }
        let socket = ClientSocket(fd: fd)
        var a = address
        let rc = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else { throw HTTPClientError(.notSent, "\(path): \(String(cString: strerror(errno)))") }
        return socket
    }

    private func handshake(_ tls: ClientTLSContext, host: String, deadline: Int64) throws(HTTPClientError) {
        _ = ignoreSIGPIPE
        guard let ssl = tls.makeSSL(fd: fd, host: host) else {
            throw HTTPClientError(.notSent, "TLS: cannot create a connection: \(TLSContext.lastError())")
        }
        self.ssl = ssl
        while true {
            ERR_clear_error()
            let rc = SSL_connect(ssl)
            if rc == 1 { return }
            switch SSL_get_error(ssl, rc) {
            case SSL_ERROR_WANT_READ:
                try HTTPClientError.staged(.notSent) { () throws(HTTPClientError) in
                    try wait(Int16(POLLIN), deadline: deadline)
                }
            case SSL_ERROR_WANT_WRITE:
                try HTTPClientError.staged(.notSent) { () throws(HTTPClientError) in
                    try wait(Int16(POLLOUT), deadline: deadline)
                }
            default:
                let verify = SSL_get_verify_result(ssl)
                if verify != X509_V_OK {
                    throw HTTPClientError(
                        .notSent,
                        "TLS: the server's certificate is not trusted: \(String(cString: X509_verify_cert_error_string(verify)))"
                    )
                }
                throw HTTPClientError(.notSent, "TLS handshake failed: \(TLSContext.lastError())")
            }
        }
    }

    /// Writes all of `bytes`. A failure before the first byte left is `.notSent`.
    func write(_ bytes: [UInt8], deadline: Int64?) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let result: Int = bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + offset
                if let ssl {
                    ERR_clear_error()
                    return Int(SSL_write(ssl, base, Int32(clamping: raw.count - offset)))
                }
                return send(fd, base, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if result > 0 {
                offset += result
                continue
            }
            let stage: HTTPClientError.Stage = offset == 0 ? .notSent : .sent
            try HTTPClientError.staged(stage) { () throws(HTTPClientError) in
                try waitAfterFailure(result, writing: true, deadline: deadline)
            }
        }
    }

    /// Appends what arrives (at least one byte) to `buffer`; 0 when the server closed the connection.
    func read(into buffer: inout [UInt8], deadline: Int64?) throws(HTTPClientError) -> Int {
        while true {
            let result: Int = scratch.withUnsafeMutableBytes { raw in
                if let ssl {
                    ERR_clear_error()
                    return Int(SSL_read(ssl, raw.baseAddress!, Int32(raw.count)))
                }
                return recv(fd, raw.baseAddress!, raw.count, 0)
            }
            if result > 0 {
                buffer.append(contentsOf: scratch[0..<result])
                return result
            }
            if result == 0, ssl == nil { return 0 }
            if let ssl, SSL_get_error(ssl, Int32(result)) == SSL_ERROR_ZERO_RETURN { return 0 }
            // EOF without close_notify
            if let ssl, SSL_get_error(ssl, Int32(result)) == SSL_ERROR_SYSCALL, errno == 0 { return 0 }
            try waitAfterFailure(result, writing: false, deadline: deadline)
        }
    }

    /// After a failed read or write: waits for the readiness OpenSSL or the kernel asked for, or throws.
    private func waitAfterFailure(_ result: Int, writing: Bool, deadline: Int64?) throws(HTTPClientError) {
        if let ssl {
            switch SSL_get_error(ssl, Int32(result)) {
            case SSL_ERROR_WANT_READ: return try wait(Int16(POLLIN), deadline: deadline)
            case SSL_ERROR_WANT_WRITE: return try wait(Int16(POLLOUT), deadline: deadline)
            case SSL_ERROR_SYSCALL:
                throw HTTPClientError(.sent, errno == 0 ? "connection closed" : String(cString: strerror(errno)))
            default: throw HTTPClientError(.sent, "TLS: \(TLSContext.lastError())")
            }
        }
        switch errno {
        case EAGAIN, EWOULDBLOCK: try wait(Int16(writing ? POLLOUT : POLLIN), deadline: deadline)
        case EINTR: return
        default: throw HTTPClientError(.sent, String(cString: strerror(errno)))
        }
    }

    /// Blocks until `events` (or an error or hang-up) on the socket, or throws when `deadline` passes.
    private func wait(_ events: Int16, deadline: Int64?) throws(HTTPClientError) {
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let remaining = deadline - monotonicNanoseconds()
                guard remaining > 0 else { throw HTTPClientError(.sent, "timed out", timedOut: true) }
                timeout = Int32(clamping: (remaining + 999_999) / 1_000_000)
            }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&p, 1, timeout)
            if ready > 0 { return }  // the next call says whether it was data, a hang-up or an error
            if ready < 0, errno != EINTR { throw HTTPClientError(.sent, "poll: \(String(cString: strerror(errno)))") }
        }
    }

    /// Whether an idle pooled connection can carry another request: not closed by the server, nothing
    /// unexpected waiting. TLS 1.3 session tickets that arrive after a response are consumed here.
    func isReusable() -> Bool {
        var byte: UInt8 = 0
        while true {
            let peeked = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            if peeked < 0 { return errno == EAGAIN || errno == EWOULDBLOCK }
            guard peeked > 0, let ssl else { return false }  // closed, or plain bytes nobody asked for
            ERR_clear_error()
            let n = SSL_read(ssl, &byte, 1)
            if n > 0 || SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ { return false }
        }
    }

    /// Wakes a thread blocked on this socket (its read sees the end); safe from any thread.
    func abort() {
        closed.withLock { closed in
            if !closed { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    func close() {
        closed.withLock { closed in
            guard !closed else { return }
            closed = true
            if let ssl { SSL_free(ssl) }
            ssl = nil
            Glibc.close(fd)
        }
    }
}

/// OpenSSL writes with write(2), which raises SIGPIPE on a connection the server reset; a client must get
/// EPIPE instead, in any process (the server ignores SIGPIPE at start; test processes may not).
private let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
