// libFuzzer harness for the API server's parsers: one binary, one target per run, chosen by the name it is
// run as (`json-fuzzer` runs the `json` target; run.sh makes those links) or by FUZZ_TARGET. The checks
// themselves are Tests/FuzzChecks, which `swift test` also replays over every committed corpus and crash
// input (Tests/FuzzTests), so a finding here is a regression test there once its input is committed.
import FuzzChecks
#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let program = argv.pointee[0].map { String(cString: $0) } ?? ""
    let base = program.split(separator: "/").last.map(String.init) ?? program
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? (base.hasSuffix("-fuzzer") ? String(base.dropLast("-fuzzer".count)) : base)
    guard let target = FuzzTarget.named(name) else {
        let known = FuzzTarget.all.map(\.name).joined(separator: ", ")
        fputs("unknown fuzz target \"\(name)\" (run as <target>-fuzzer or set FUZZ_TARGET): \(known)\n", stderr)
        exit(2)
    }
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selected else { return 0 }
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    do throws(FuzzFailure) {
        try target.check(input)
    } catch {
        fatalError("\(target.name): \(error)")
    }
    return 0
}
