// swift-tools-version:6.0
// kube-console: a Kubernetes master's API server and its terminal console in one binary.
// No package dependencies: the toolchain plus Debian's -dev packages, each behind a systemLibrary target.
import PackageDescription

// Debug builds (the tests) turn warnings into errors and keep Swift's dynamic exclusivity checks; release builds
// skip those checks: each access to a class's stored property otherwise goes through the runtime's access set,
// about 60 instructions a time, which on the watch fan-out was 3% of every event's cost for every watcher.
let swiftFlags: [SwiftSetting] = [
    .unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug)),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

// The release binary carries its own copy of the Swift standard library and Foundation (what
// `--static-swift-stdlib` does, the deployment Swift recommends on Linux; the two `-l` are the static
// FoundationEssentials' own dependencies, which that option adds), linked by the toolchain's lld with packed
// relative relocations (DT_RELR, glibc 2.36+). A master is usually the only Swift process on its host, so the
// shared libraries' pages were shared with nothing, and the loader had a megabyte of relocations to apply.
// Idle RSS 24.9 -> 21.3 MiB. Debug builds (the tests) link as before.
let releaseLinking: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims",
            "-Xclang-linker", "-fuse-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        ],
        .when(configuration: .release))
]

let package = Package(
    name: "kube-console",
    products: [
        .executable(name: "kube-console", targets: ["kube-console"]),
    ],
    targets: [
        // System library shims (Debian: libncurses-dev, libssl-dev, libsqlite3-dev). CNCurses takes no flags
        // from pkg-config: `pkg-config ncursesw` hands out -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600, which
        // SwiftPM refuses with a warning on every build; its shim defines what the header needs and its
        // module map links ncursesw and tinfo.
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // glibc's epoll/eventfd/signalfd headers, which the Glibc module leaves out (no extra library).
        .systemLibrary(name: "CLinux"),

        // The one thread spawner (pthreads), shared by the HTTP loops, the store and the access log.
        .target(name: "Threads", swiftSettings: swiftFlags),
        .target(name: "HTTP", dependencies: ["CLinux", "COpenSSL", "Threads"], swiftSettings: swiftFlags),
        .target(name: "Storage", dependencies: ["CSQLite", "HTTP", "Threads"], swiftSettings: swiftFlags),
        // The Kubernetes API as values: JSON, patches, the type registry, tables, discovery, Status errors.
        // Foundation, the standard library and OpenSSL's SHA-256 (storageVersionHash): no HTTP, no store.
        .target(name: "KubeAPI", dependencies: ["COpenSSL"], swiftSettings: swiftFlags),
        .target(name: "APIServer", dependencies: ["KubeAPI", "HTTP", "Storage", "Threads", "COpenSSL"], swiftSettings: swiftFlags),
        .target(name: "Console", dependencies: ["APIServer", "CNCurses"], swiftSettings: swiftFlags),
        .executableTarget(
            name: "kube-console", dependencies: ["APIServer", "Console"], swiftSettings: swiftFlags,
            linkerSettings: releaseLinking),

        // Test helpers shared by the test targets: a raw socket client, the real binary as a process, and an
        // in-process client that runs a handler without a socket (recording its answer).
        .target(name: "TestSupport", dependencies: ["HTTP"], path: "Tests/TestSupport"),
        // The fuzz targets' invariants, shared by the libFuzzer harness (share/fuzz) and FuzzTests.
        .target(name: "FuzzChecks", dependencies: ["HTTP", "KubeAPI", "Storage", "APIServer"], path: "Tests/FuzzChecks"),
        .testTarget(name: "ThreadsTests", dependencies: ["Threads"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        .testTarget(name: "KubeAPITests", dependencies: ["KubeAPI", "TestSupport"]),
        .testTarget(name: "APIServerTests", dependencies: ["APIServer", "TestSupport"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Threads", "TestSupport"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "TestSupport"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzChecks", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["kube-console", "KubeAPI", "TestSupport", "CSQLite"]),
    ]
)
