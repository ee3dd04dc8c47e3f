import KubeAPI

/// Who a master is, as it announces itself to the others under its identity lease: kube-apiserver's
/// identity (the lease name `apiserver-<hash>` and holder `<name>_<uuid>`), where it runs and how to reach
/// it. Kept as JSON in etcd; `leaseObject` renders it as kube's identity Lease in kube-system, for when the
/// API serves coordination.k8s.io/v1 Leases.
public struct MasterIdentity: Sendable, Equatable {
    public struct Port: Sendable, Equatable {
        /// `localhost`, `read-only` or `secure` (the console's port names).
        public var name: String
        public var url: String

        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    /// kube's lease name, `apiserver-<base32 of a SHA-256>`: the same for the same master across restarts.
    public var name: String
    /// `<name>_<uuid>`: this run of it.
    public var holderIdentity: String
    public var hostname: String
    public var dataDir: String
    public var pid: Int32
    public var version: String
    /// Wall-clock nanoseconds since the epoch.
    public var startedAt: Int64
    public var leaseDurationSeconds: Int64
    public var ports: [Port]
    /// The console channel's socket on its host (empty: none), for a console there to attach to it.
    public var consoleSocket: String

    public init(
        name: String, holderIdentity: String, hostname: String, dataDir: String, pid: Int32, version: String,
        startedAt: Int64, leaseDurationSeconds: Int64, ports: [Port] = [], consoleSocket: String = ""
    ) {
        self.name = name
        self.holderIdentity = holderIdentity
        self.hostname = hostname
        self.dataDir = dataDir
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.leaseDurationSeconds = leaseDurationSeconds
        self.ports = ports
        self.consoleSocket = consoleSocket
    }

    /// kube-apiserver's identity: SHA-256 over the host name and "kube-apiserver", each with a 16-bit
    /// length before it (cryptobyte's AddUint16LengthPrefixed), the first 16 bytes in base32. kube-console
    /// adds the data directory, so that several masters on one host (each has its own) stay apart.
    public static func leaseName(hostname: String, dataDir: String) -> String {
        var data: [UInt8] = []
        for field in [hostname, "kube-apiserver", dataDir] {
            let bytes = Array(field.utf8.prefix(Int(UInt16.max)))
            data += [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xff)] + bytes
        }
        let hash = SHA256Digest.of(data) ?? []
        return "apiserver-" + Base32.encode(Array(hash.prefix(16)))
    }

    public func port(_ name: String) -> Port? { ports.first { $0.name == name } }

    // MARK: - JSON (the value under the lease key)

    public var json: [UInt8] {
        JSONValue.object([
            ("name", .string(name)), ("holderIdentity", .string(holderIdentity)), ("hostname", .string(hostname)),
            ("dataDir", .string(dataDir)), ("pid", .int(Int(pid))), ("version", .string(version)),
            ("startedAt", .number(String(startedAt))), ("leaseDurationSeconds", .number(String(leaseDurationSeconds))),
            ("ports", .array(ports.map { .object([("name", .string($0.name)), ("url", .string($0.url))]) })),
            ("consoleSocket", .string(consoleSocket)),
        ]).bytes
    }

    /// Nil for a value that is not one (written by hand, or by a newer kube-console that changed the form).
    public init?(json bytes: [UInt8]) {
        guard let v = try? JSONParser.parse(bytes), let name = v["name"]?.string, !name.isEmpty else { return nil }
        self.name = name
        holderIdentity = v["holderIdentity"]?.string ?? name
        hostname = v["hostname"]?.string ?? ""
        dataDir = v["dataDir"]?.string ?? ""
        pid = Int32(v["pid"]?.int ?? 0)
        version = v["version"]?.string ?? ""
        startedAt = Int64(v["startedAt"]?.int ?? 0)
        leaseDurationSeconds = Int64(v["leaseDurationSeconds"]?.int ?? 0)
        ports = (v["ports"]?.array ?? []).compactMap { p in
            guard let name = p["name"]?.string, let url = p["url"]?.string else { return nil }
            return Port(name: name, url: url)
        }
        consoleSocket = v["consoleSocket"]?.string ?? ""
    }

    /// kube-apiserver's identity Lease (coordination.k8s.io/v1, in kube-system) for this master, renewed at
    /// `renewTime` (wall-clock nanoseconds): the labels `apiserver.kubernetes.io/identity=kube-apiserver`
    /// and `kubernetes.io/hostname`, the holder, the duration and the renewal time in MicroTime.
    public func leaseObject(renewTime: Int64) -> JSONValue {
        .object([
            ("kind", .string("Lease")), ("apiVersion", .string("coordination.k8s.io/v1")),
            (
                "metadata",
                .object([
                    ("name", .string(name)), ("namespace", .string("kube-system")),
                    (
                        "labels",
                        .object([
                            ("apiserver.kubernetes.io/identity", .string("kube-apiserver")),
                            ("kubernetes.io/hostname", .string(hostname)),
                        ])
                    ),
                ])
            ),
            (
                "spec",
                .object([
                    ("holderIdentity", .string(holderIdentity)),
                    ("leaseDurationSeconds", .number(String(leaseDurationSeconds))),
                    (
                        "renewTime",
                        .string(
                            GoTime.rfc3339(
                                seconds: renewTime / 1_000_000_000, nanos: renewTime % 1_000_000_000, micro: true))
                    ),
                ])
            ),
        ])
    }
}
