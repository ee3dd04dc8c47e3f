import Foundation
import Testing
@testable import APIServer
#if canImport(Glibc)
import Glibc
#endif

/// sd_notify's datagram, to a socket the test owns: by path and in the abstract namespace.
@Suite("sd_notify")
struct SystemdNotifyTests {
    /// A datagram socket bound at `name` (a path, or `@name`), with a receive timeout.
    final class Receiver {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)

        init(_ name: String) throws {
            guard let (bound, length) = SystemdNotify.address(name) else { throw POSIXError(.EINVAL) }
            var address = bound
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard rc == 0 else { throw POSIXError(.EADDRINUSE) }
        }

        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
        }

        deinit { close(fd) }
    }

    @Test func readyReachesASocketByPath() throws {
        let path = NSTemporaryDirectory() + "kc-notify-\(UUID().uuidString.prefix(8))"
        defer { unlink(path) }
        let receiver = try Receiver(path)
        #expect(SystemdNotify.send("READY=1\nSTATUS=serving", socket: path))
        #expect(receiver.receive() == "READY=1\nSTATUS=serving")
    }

    @Test func readyReachesAnAbstractSocket() throws {
        let name = "@kc-notify-\(UUID().uuidString)"
        let receiver = try Receiver(name)
        #expect(SystemdNotify.send("READY=1", socket: name))
        #expect(receiver.receive() == "READY=1")
        // The abstract address counts the name's bytes exactly: a NUL appended would be another name.
        let (_, length) = try #require(SystemdNotify.address(name))
        #expect(Int(length) == MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.utf8.count)
    }

    @Test func withoutASocketNothingIsSent() {
        #expect(!SystemdNotify.send("READY=1", socket: nil))
        #expect(!SystemdNotify.send("READY=1", socket: "vsock:2:1234"))
        #expect(
            !SystemdNotify.send("READY=1", socket: NSTemporaryDirectory() + "kc-nobody-listens-\(UUID().uuidString)"))
    }
}
