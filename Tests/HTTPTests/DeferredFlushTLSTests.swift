import Foundation
import Testing
import TestSupport

@testable import HTTP

/// Over TLS, a client that sends its request and a bare FIN (no close_notify) in one go still gets the
/// answer: the read after the request fails ("unexpected eof") and OpenSSL writes nothing after that, so an
/// answer waiting for the batch's end (`EventLoop.deferFlush`) would be lost. The client is Python's ssl
/// over memory BIOs, which can shut its socket's write side without a close_notify; the loops are held
/// while it sends, so that the request and the FIN arrive in one event.
@Suite struct DeferredFlushTLSTests {
    static let client = #"""
        import socket, ssl, sys
        context = ssl.create_default_context(cafile=sys.argv[2])
        raw = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
        def pump():
            data = outgoing.read()
            if data: raw.sendall(data)
        def receive():
            data = raw.recv(65536)
            if data: incoming.write(data)
            else: incoming.write_eof()
            return bool(data)
        def call(op, *args):
            while True:
                try:
                    result = op(*args); pump(); return result
                except ssl.SSLWantReadError:
                    pump()
                    if not receive(): raise EOFError
        call(tls.do_handshake)
        call(tls.write, b"GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head: head += call(tls.read, 65536)
        print("warm", head.split(b"\r\n")[0].decode(), flush=True)
        sys.stdin.readline()
        call(tls.write, b"GET /peer HTTP/1.1\r\nHost: t\r\n\r\n")
        raw.shutdown(socket.SHUT_WR)
        print("sent", flush=True)
        answer = b""
        try:
            while True: answer += call(tls.read, 65536)
        except (EOFError, ssl.SSLError):
            pass
        print("answer", answer.split(b"\r\n")[0].decode() or "none", flush=True)
        """#

    @Test func aBareFINAfterTheRequestStillGetsTheAnswer() throws {
        guard TLSTests.haveOpenSSL, let python = which("python3") else {
            print("SKIP: openssl or python3 not installed")
            return
        }
        let fixture = try TLSTests.Fixture()
        let script = fixture.dir + "/client.py"
        try Self.client.write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "\(fixture.port)", fixture.cert]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var lines = LineReader(output.fileHandleForReading)
        #expect(lines.next() == "warm HTTP/1.1 200 OK")

        // Every loop held (the connection is on one of them) while the request and the FIN are sent.
        fixture.server.whileLoopsHeld {
            input.fileHandleForWriting.write(Data("go\n".utf8))
            #expect(lines.next() == "sent")
        }
        #expect(lines.next() == "answer HTTP/1.1 200 OK")
        process.waitUntilExit()
    }

    /// Lines of a child's output, read as they come.
    struct LineReader {
        let handle: FileHandle
        var buffer = Data()

        init(_ handle: FileHandle) { self.handle = handle }

        mutating func next() -> String? {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    return line
                }
                let chunk = handle.availableData
                if chunk.isEmpty { return nil }
                buffer.append(chunk)
            }
        }
    }
}
