// swift-tools-version:6.0
// kube-console: a Kubernetes master's API server and its terminal console in one binary.
// No package dependencies: the toolchain plus Debian's -dev packages, each behind a systemLibrary target.
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug))]

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
        .target(name: "Threads", swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["CLinux", "COpenSSL", "Threads"], swiftSettings: strict),
        .target(name: "Storage", dependencies: ["CSQLite", "HTTP", "Threads"], swiftSettings: strict),
        // The Kubernetes API as values: JSON, patches, the type registry, tables, discovery, Status errors.
        // Foundation, the standard library and OpenSSL's SHA-256 (storageVersionHash): no HTTP, no store.
        .target(name: "KubeAPI", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "APIServer", dependencies: ["KubeAPI", "HTTP", "Storage", "Threads", "COpenSSL"], swiftSettings: strict),
        .target(name: "Console", dependencies: ["APIServer", "CNCurses"], swiftSettings: strict),
        .executableTarget(name: "kube-console", dependencies: ["APIServer", "Console"], swiftSettings: strict),

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
