#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import Threads

@Suite("JoinableThread: the one thread spawner")
struct JoinableThreadTests {
    @Test func runsTheBodyOnAnotherThreadAndJoinWaitsForIt() throws {
        let caller = pthread_self()
        let ranElsewhere = Atomic<Bool>(false)
        let finished = Atomic<Bool>(false)
        let thread = try JoinableThread {
            ranElsewhere.store(pthread_equal(pthread_self(), caller) == 0, ordering: .relaxed)
            usleep(20_000)  // join must wait out the body, however long it takes
            finished.store(true, ordering: .releasing)
        }
        thread.join()
        let (done, elsewhere) = (finished.load(ordering: .acquiring), ranElsewhere.load(ordering: .relaxed))
        #expect(done)
        #expect(elsewhere)
    }

    @Test func theErrorNamesTheCause() {
        #expect(ThreadStartError(code: EAGAIN).description == "cannot start a thread: Resource temporarily unavailable")
    }

    /// pthread_create's failure is a thrown error, not a crash or a silently missing thread: in a child
    /// process whose address space cannot take another thread stack (RLIMIT_AS just above its size).
    @Test func aRefusedThreadIsAnErrorNotACrash() async {
        await #expect(processExitsWith: .exitCode(42)) {
            // /proc/self/statm starts with the address space's size in pages.
            var text = [UInt8](repeating: 0, count: 128)
            let fd = open("/proc/self/statm", O_RDONLY)
            let n = read(fd, &text, text.count)
            close(fd)
            guard n > 0, let pages = Int(String(decoding: text[..<n].prefix { $0 != 0x20 }, as: UTF8.self)) else {
                exit(3)
            }
            let size = rlim_t(pages * Int(sysconf(Int32(_SC_PAGESIZE))))
            // 1 MiB of headroom: less than a thread stack (8 MiB by default), enough for the call itself.
            var limit = rlimit(rlim_cur: size + (1 << 20), rlim_max: size + (1 << 20))
            guard setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 else { exit(4) }
            do throws(ThreadStartError) {
                _ = try JoinableThread {}
                exit(5)  // it started after all
            } catch {
                exit(error.code == EAGAIN || error.code == ENOMEM ? 42 : 6)
            }
        }
    }
}
