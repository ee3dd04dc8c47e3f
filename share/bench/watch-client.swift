// The measuring client of watchers.sh: WATCHERS watch connections in one epoll, WRITES creates one after
// another, and for each the time from its acknowledgement (the 201 read) to the last watcher's receipt of
// its event. One thread, busy-polling (epoll_wait with no timeout) on its own CPU, so that the client
// neither sleeps through arrivals nor makes the server pay a wake-up per event: on a real network the
// receivers' wake-ups happen on their own hosts. Built by watchers.sh with `swiftc -O`.
// Usage: watch-client PORT WATCHERS WRITES SERVER-PID SERVER-RSS-KB-BEFORE
import CLinux
import Glibc

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    fputs("watch-client: \(message)\n", stderr)
    exit(1)
}

func statusField(_ pid: String, _ field: String) -> Int {
    guard let f = fopen("/proc/\(pid)/status", "r") else { return 0 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, 512, f) != nil {
        let text = String(cString: line)
        if text.hasPrefix(field + ":") { return Int(text.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0 }
    }
    return 0
}

func cpuSeconds(_ pid: String) -> Double {
    guard let f = fopen("/proc/\(pid)/stat", "r") else { return 0 }
    defer { fclose(f) }
    var buffer = [CChar](repeating: 0, count: 1024)
    guard fgets(&buffer, 1024, f) != nil else { return 0 }
    let text = String(cString: buffer)
    let fields = text[text.lastIndex(of: ")")!...].split(separator: " ")
    return Double((Int(fields[12]) ?? 0) + (Int(fields[13]) ?? 0)) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func connectTo(_ port: UInt16) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { fail("socket: \(String(cString: strerror(errno)))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { fail("connect: \(String(cString: strerror(errno)))") }
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    return fd
}

func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { fail("send: \(String(cString: strerror(errno)))") }
        sent += n
    }
}

/// Reads (blocking) until the head's blank line; returns what was read.
func readHead(_ fd: Int32) -> [UInt8] {
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !data.containsHeadEnd {
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { fail("a connection closed before its answer's head") }
        data += buffer[0..<n]
    }
    return data
}

extension Array where Element == UInt8 {
    var containsHeadEnd: Bool { search(Array("\r\n\r\n".utf8)) }

    func search(_ needle: [UInt8]) -> Bool { firstIndex(of: needle) != nil }

    /// Where `needle` starts (first byte by memchr-like scan, then a compare).
    func firstIndex(of needle: [UInt8]) -> Int? {
        guard let first = needle.first, count >= needle.count else { return nil }
        return withUnsafeBufferPointer { hay in
            var i = 0
            while i <= hay.count - needle.count {
                if hay[i] == first && needle.withUnsafeBufferPointer({ memcmp(hay.baseAddress! + i, $0.baseAddress!, $0.count) == 0 }) {
                    return i
                }
                i += 1
            }
            return nil
        }
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let port = UInt16(arguments[1]), let watchers = Int(arguments[2]), let writes = Int(arguments[3]),
      let beforeKB = Int(arguments[5]) else { fail("usage: watch-client PORT WATCHERS WRITES SERVER-PID SERVER-RSS-KB") }
let serverPID = arguments[4]

// The list's resourceVersion: watches start there, so what is measured is the writes, not N replays.
let lister = connectTo(port)
sendAll(lister, Array("GET /api/v1/namespaces/kube-public/configmaps HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
var listing: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 65536)
while true {
    let n = recv(lister, &chunk, chunk.count, 0)
    if n <= 0 { break }
    listing += chunk[0..<n]
}
close(lister)
let rvKey = Array(#""resourceVersion":""#.utf8)
guard let rvAt = listing.firstIndex(of: rvKey) else { fail("no resourceVersion in the list") }
let resourceVersion = String(decoding: listing[(rvAt + rvKey.count)...].prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self)

let request = Array("GET /api/v1/namespaces/kube-public/configmaps?watch=1&resourceVersion=\(resourceVersion) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
var fds: [Int32] = []
for _ in 0..<watchers {
    let fd = connectTo(port)
    sendAll(fd, request)
    fds.append(fd)
}
// Every watch has answered its head (200, chunked) before the first write: then it is registered.
for fd in fds {
    let head = readHead(fd)
    guard head.starts(with: Array("HTTP/1.1 200".utf8)) else { fail("a watch was refused: \(String(decoding: head.prefix(40), as: UTF8.self))") }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
}
let idleKB = statusField(serverPID, "VmRSS")
print("\(watchers) watchers registered: server RSS \(String(format1: Double(beforeKB) / 1024)) -> "
    + "\(String(format1: Double(idleKB) / 1024)) MiB, \(String(format1: Double(idleKB - beforeKB) / Double(watchers))) KiB per idle watcher")

// PAUSE=path (watch-instructions.sh): say registration is done (path.ready) and wait for path.go, so the
// counters can be zeroed between the two phases.
if let pause = getenv("PAUSE").map({ String(cString: $0) }) {
    close(open(pause + ".ready", O_CREAT | O_WRONLY, 0o644))
    while access(pause + ".go", F_OK) != 0 { usleep(10_000) }
}
let epfd = epoll_create1(0)
for (i, fd) in fds.enumerated() {
    var event = epoll_event()
    event.events = EPOLLIN.rawValue
    event.data.u64 = UInt64(i)
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
}
let tailKeep = 128
var tails = [[UInt8]](repeating: [], count: watchers)
var seen = [Bool](repeating: false, count: watchers)
var events = [epoll_event](repeating: epoll_event(), count: 1024)
var latencies: [Double] = []
var missed = 0
let serverCPU0 = cpuSeconds(serverPID), clientCPU0 = cpuSeconds("self"), wall0 = now()
for i in 0..<writes {
    var t = timespec()
    clock_gettime(CLOCK_REALTIME, &t)
    let name = Array("fanout-\(i)-\(t.tv_sec)\(t.tv_nsec)".utf8)
    for w in 0..<watchers { seen[w] = false; tails[w].removeAll(keepingCapacity: true) }
    var arrived = 0, last = 0.0
    let body = Array(#"{"metadata":{"name":"\#(String(decoding: name, as: UTF8.self))"}}"#.utf8)
    let writer = connectTo(port)
    sendAll(writer, Array("POST /api/v1/namespaces/kube-public/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body)
    _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
    var answer: [UInt8] = []
    var acked = 0.0
    let deadline = now() + 10
    while (acked == 0 || arrived < watchers) && now() < deadline {
        if acked == 0 {
            let n = recv(writer, &chunk, chunk.count, 0)
            if n > 0 {
                answer += chunk[0..<n]
                if answer.containsHeadEnd {
                    acked = now()
                    guard answer.starts(with: Array("HTTP/1.1 201".utf8)) else { fail("the write was refused: \(String(decoding: answer.prefix(40), as: UTF8.self))") }
                }
            }
        }
        let ready = epoll_wait(epfd, &events, Int32(events.count), 0)
        for e in 0..<max(0, Int(ready)) {
            let w = Int(events[e].data.u64)
            let n = recv(fds[w], &chunk, chunk.count, 0)
            guard n > 0, !seen[w] else { continue }
            var window = tails[w] + chunk[0..<n]
            if window.search(name) {
                seen[w] = true
                arrived += 1
                last = now()
            } else {
                if window.count > tailKeep { window.removeFirst(window.count - tailKeep) }
                tails[w] = window
            }
        }
    }
    close(writer)
    if arrived == watchers && acked > 0 { latencies.append(max(0, last - acked)) } else { missed += 1 }
    if getenv("SHOW_EACH") != nil { print("write \(i): \(String(format1: (last - acked) * 1000)) ms") }
}
let serverCPU = cpuSeconds(serverPID) - serverCPU0, clientCPU = cpuSeconds("self") - clientCPU0, wall = now() - wall0
let afterKB = statusField(serverPID, "VmRSS")
latencies.sort()
func percentile(_ q: Double) -> Double { latencies[min(latencies.count - 1, Int(q * Double(latencies.count)))] * 1000 }
if !latencies.isEmpty {
    print("watch fan-out, \(watchers) watchers, \(latencies.count)/\(writes) writes reached all: p50 \(String(format1: percentile(0.5))) ms, "
        + "p99 \(String(format1: percentile(0.99))) ms, max \(String(format1: latencies.last! * 1000)) ms (target p99 <= 100 ms); "
        + "server RSS after the writes \(String(format1: Double(afterKB) / 1024)) MiB")
}
print("during the writes: server CPU \(String(format1: serverCPU / Double(writes) * 1000)) ms per write, client CPU "
    + "\(String(format1: clientCPU / Double(writes) * 1000)) ms per write, busy-polling (\(String(format1: wall / Double(writes) * 1000)) ms of wall clock each)")
if missed > 0 { print("\(missed) writes did not reach every watcher within 10 s") }

extension String {
    /// One decimal, without Foundation's String(format:).
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
