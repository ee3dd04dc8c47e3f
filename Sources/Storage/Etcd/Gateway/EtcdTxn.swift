/// One etcd transaction: if every comparison holds, the success operations run, else the failure ones,
/// atomically at one revision (etcdserverpb.TxnRequest).
struct EtcdTxn: Sendable {
    enum Target: String, Sendable {
        /// The revision that created the key; 0 when it does not exist.
        case create = "CREATE"
        /// The revision of the key's last write; 0 when it does not exist.
        case mod = "MOD"
        /// Writes since creation (kube-apiserver's compactor compares its key's version).
        case version = "VERSION"
    }

    struct Compare: Sendable {
        var key: [UInt8]
        var target: Target
        /// Only equality is needed (etcd also has GREATER, LESS, NOT_EQUAL).
        var equals: Int64
    }

    enum Operation: Sendable {
        case put(key: [UInt8], value: [UInt8], lease: Int64)
        case delete(key: [UInt8])
        case range(key: [UInt8])
    }

    var compare: [Compare]
    var success: [Operation]
    var failure: [Operation]

    var json: GatewayJSON {
        .object([
            "compare": .array(
                compare.map { c in
                    let field =
                        switch c.target {
                        case .create: "create_revision"
                        case .mod: "mod_revision"
                        case .version: "version"
                        }
                    // EQUAL is the enum's zero value, which the gateway also accepts spelled out.
                    return .object([
                        "key": .bytes(c.key), "target": .string(c.target.rawValue), "result": .string("EQUAL"),
                        field: .int(c.equals),
                    ])
                }),
            "success": .array(success.map(\.json)),
            "failure": .array(failure.map(\.json)),
        ])
    }
}

extension EtcdTxn.Operation {
    var json: GatewayJSON {
        switch self {
        case .put(let key, let value, let lease):
            var put: [String: GatewayJSON] = ["key": .bytes(key), "value": .bytes(value)]
            if lease != 0 { put["lease"] = .int(lease) }
            return .object(["request_put": .object(put)])
        case .delete(let key):
            return .object(["request_delete_range": .object(["key": .bytes(key)])])
        case .range(let key):
            return .object(["request_range": .object(["key": .bytes(key)])])
        }
    }
}
