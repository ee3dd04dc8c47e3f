import Dispatch
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The official Kubernetes Python client (PyPI `kubernetes`) against the real binary on the secure port,
/// with the first-run admin kubeconfig (TLS verified against the CA, bearer token): typed CRUD, the three
/// patch types, errors as ApiException, paging, deletecollection, watch, and a service account token. The client is pip-installed
/// into a virtual environment made once per build directory; without python3, venv or PyPI the tests
/// say why and skip.
@Suite("Python client end to end", .timeLimit(.minutes(8)))
struct PythonClientTests {
    @Test func crudPatchesErrorsAndPaging() throws {
        guard let python = PythonClient.interpreter() else { return }
        let server = try ServerProcess.serve(["--access-log=false"])
        let out = try PythonClient.run(python, Self.script, mode: "crud", server: server)

        #expect((out["gitVersion"] as? String)?.hasPrefix("v1.32.0+kube-console") == true, "\(out["gitVersion"] ?? "")")
        let resources = out["resources"] as? [String] ?? []
        for name in ["configmaps", "namespaces", "pods", "pods/status", "services"] {
            #expect(resources.contains(name), "\(resources)")
        }
        #expect(object(out["namespace"])["name"] as? String == "py-e2e")
        #expect(object(out["namespace"])["phase"] as? String == "Active")

        let cm = object(out["configmap"])
        #expect(cm["createdData"] as? [String: String] == ["color": "blue"])
        #expect(cm["readData"] as? [String: String] == ["color": "blue"])
        // replace, strategic merge patch, JSON patch and merge patch, each on top of the one before.
        #expect(cm["finalData"] as? [String: String] == ["color": "green", "size": "large", "shape": "round"])
        #expect(cm["finalLabels"] as? [String: String] == ["app": "py", "tier": "front"])
        #expect((cm["uids"] as? [String])?.count == 1, "the uid changed: \(cm["uids"] ?? "")")
        #expect(cm["createdIsDatetime"] as? Bool == true, "creationTimestamp did not parse as a datetime")
        // created, read, replaced, three patches: the read sees the create's version, every write a newer one.
        let versions = (cm["resourceVersions"] as? [String] ?? []).compactMap { Int($0) }
        #expect(versions.count == 6, "\(cm["resourceVersions"] ?? "")")
        if versions.count == 6 {
            #expect(versions[1] == versions[0])
            #expect(zip(versions.dropFirst(1), versions.dropFirst(2)).allSatisfy { $0 < $1 }, "\(versions)")
        }
        #expect(cm["listed"] as? [String] == ["settings"])
        #expect(cm["listedOther"] as? Int == 0)
        #expect(cm["listedAll"] as? [String] == ["py-e2e/settings"])
        expectStatus(cm["duplicate"], 409, "AlreadyExists", #"configmaps "settings" already exists"#)
        expectStatus(cm["stale"], 409, "Conflict")
        expectStatus(cm["missing"], 404, "NotFound", #"configmaps "settings" not found"#)

        let pod = object(out["pod"])
        // The strategic merge patch changed one container, matched by name, and left the other alone.
        #expect(pod["containers"] as? [[String]] == [["nginx", "nginx:1.26"], ["sidecar", "busybox:1.36"]])
        #expect(pod["env"] as? [[String]] == [["MODE", "a"]])
        #expect(pod["ports"] as? [Int] == [80])
        #expect(pod["command"] as? [String] == ["sleep", "infinity"])
        #expect(pod["phase"] as? String == "Running")
        #expect(pod["podIP"] as? String == "10.0.0.7")
        #expect(pod["allNamespaces"] as? [String] == ["py-e2e/web"])
        #expect(pod["deletedName"] as? String == "web")
        expectStatus(pod["missing"], 404, "NotFound", #"pods "web" not found"#)

        let service = object(out["service"])
        let ports = service["ports"] as? [[Any]] ?? []
        #expect(ports.count == 2)
        if ports.count == 2 {
            #expect(ports[0][0] as? String == "http" && ports[0][1] as? Int == 80)
            #expect(ports[0][2] as? Int == 8080, "a numeric targetPort stays a number")
            #expect(ports[1][0] as? String == "metrics" && ports[1][1] as? Int == 9090)
            #expect(ports[1][2] as? String == "metrics", "a named targetPort stays a string")
        }
        #expect(service["selector"] as? [String: String] == ["app": "web"])
        #expect(service["listed"] as? [String] == ["web"])

        let paging = object(out["paging"])
        #expect(paging["pages"] as? [[String]] == [["page-0", "page-1"], ["page-2", "page-3"], ["page-4"]])
        #expect(paging["afterDeleteCollection"] as? Int == 0)
        expectStatus(out["missingNamespace"], 404, "NotFound", #"namespaces "ghost" not found"#)

        // create_namespaced_service_account_token: a JWT for the API's audience, ten minutes, that
        // authenticates as the account (create_self_subject_review with it).
        let token = object(out["serviceAccountToken"])
        #expect(token["parts"] as? Int == 3)
        #expect(token["audiences"] as? [String] == ["https://kubernetes.default.svc.cluster.local"])
        #expect(token["expirationSeconds"] as? Int == 600)
        #expect(token["expiresInSeconds"] as? Double == 600)
        #expect(token["username"] as? String == "system:serviceaccount:py-e2e:default")
        #expect(
            token["groups"] as? [String] == [
                "system:serviceaccounts", "system:serviceaccounts:py-e2e", "system:authenticated",
            ])
    }

    @Test func watchSeesAddedModifiedDeletedInOrder() throws {
        guard let python = PythonClient.interpreter() else { return }
        let server = try ServerProcess.serve(["--access-log=false"])
        let out = try PythonClient.run(python, Self.script, mode: "watch", server: server)

        // The script creates before it watches from the list's resourceVersion (ADDED is replayed), then
        // patches on seeing ADDED and deletes on seeing MODIFIED: the stream must deliver live changes.
        let events = (out["events"] as? [Any] ?? []).map(object)
        #expect(events.map { $0["type"] as? String ?? "?" } == ["ADDED", "MODIFIED", "DELETED"], "\(events)")
        #expect(
            events.allSatisfy { $0["name"] as? String == "watched" && $0["class"] as? String == "V1ConfigMap" },
            "\(events)")
        #expect(events.map { object($0["data"])["step"] as? String ?? "?" } == ["1", "2", "2"])
        let start = Int(out["start"] as? String ?? "") ?? Int.max
        let versions = events.compactMap { Int($0["resourceVersion"] as? String ?? "") }
        #expect(versions.count == 3 && versions.first.map { $0 > start } == true, "start \(start), events \(versions)")
        #expect(zip(versions, versions.dropFirst()).allSatisfy { $0 < $1 }, "\(versions)")

        // With nothing to report, the watch ends when the server closes it at timeoutSeconds=1.
        let quiet = object(out["quiet"])
        #expect(quiet["events"] as? Int == 0)
        let seconds = quiet["seconds"] as? Double ?? -1
        #expect(seconds >= 0.9 && seconds < 15, "the quiet watch lasted \(seconds)s")
    }

    @Test func serverSideApplyWithTheApplyContentType() throws {
        guard let python = PythonClient.interpreter() else { return }
        let server = try ServerProcess.serve(["--access-log=false"])
        let out = try PythonClient.run(python, Self.script, mode: "apply", server: server)
        #expect(out["created"] as? [String: String] == ["color": "blue", "size": "large"])
        #expect(out["managers"] as? [[String]] == [["py", "Apply"]])
        // Applied again without `size`: the field goes, nobody else owning it.
        #expect(out["reapplied"] as? [String: String] == ["color": "blue"])
        expectStatus(
            out["conflict"], 409, "Conflict", #"Apply failed with 1 conflict: conflict with "py": .data.color"#)
        // Forced, the other manager takes the field; py, left with nothing, leaves managedFields.
        #expect(out["forced"] as? [String: String] == ["color": "red"])
        let owners = object(out["owners"])
        #expect(Array(owners.keys) == ["other"], "\(owners)")
        #expect(object(object(owners["other"])["f:data"])["f:color"] != nil, "\(owners)")
        expectStatus(
            out["noManager"], 422, "Invalid",
            #"PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch"#)
    }

    func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }

    /// What the script's `failure()` recorded: the ApiException's status and the Status body's reason.
    func expectStatus(
        _ value: Any?, _ code: Int, _ reason: String, _ message: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let failure = object(value)
        #expect(failure["status"] as? Int == code, "\(failure)", sourceLocation: sourceLocation)
        #expect(failure["kind"] as? String == "Status", "\(failure)", sourceLocation: sourceLocation)
        #expect(failure["reason"] as? String == reason, "\(failure)", sourceLocation: sourceLocation)
        if let message {
            #expect(failure["message"] as? String == message, "\(failure)", sourceLocation: sourceLocation)
        }
    }
}

/// The official Python client in a virtual environment beside the build products
/// (`<build>/debug/python-kubernetes-venv`), made on first use and reused by later runs.
enum PythonClient {
    struct Unavailable: Error, CustomStringConvertible { let description: String }

    /// The venv's interpreter, or why there is none. A static let: made once, whichever test asks first,
    /// while any other waits for it.
    static let venv: Result<String, Unavailable> = Result { try setUp() }.mapError {
        $0 as? Unavailable ?? Unavailable(description: "\($0)")
    }

    /// The interpreter, or nil after printing why the check is skipped.
    static func interpreter() -> String? {
        switch venv {
        case .success(let python): return python
        case .failure(let why): print("SKIP: python client check skipped: \(why)"); return nil
        }
    }

    static var directory: String {
        ServerProcess.binary.deletingLastPathComponent().appendingPathComponent("python-kubernetes-venv").path
    }

    static func importsClient(_ venv: String) -> Bool {
        let python = venv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? runBounded(python, ["-c", "import kubernetes"], timeout: 60).status) == 0
    }

    /// python3 -m venv, then pip install kubernetes, into a directory of this process's own, renamed into
    /// place when complete: a concurrent `swift test` on the same build directory never sees half a venv
    /// (the loser of the rename uses the winner's).
    static func setUp() throws -> String {
        let venv = directory, python = venv + "/bin/python"
        if importsClient(venv) { return python }
        guard let python3 = which("python3") else { throw Unavailable(description: "python3 not on PATH") }
        let partial = venv + ".partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: partial)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let started = Date()
        let made = try runBounded(python3, ["-m", "venv", partial], timeout: 120)
        guard made.status == 0 else { throw Unavailable(description: "python3 -m venv failed: \(lastLine(made))") }
        let pip = try runBounded(
            partial + "/bin/python",
            [
                "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q",
                "--timeout", "20", "--retries", "2", "kubernetes",
            ], timeout: 300)
        guard pip.status == 0 else {
            throw Unavailable(
                description:
                    "pip install kubernetes failed (PyPI unreachable?): \(pip.timedOut ? "no result in 300s" : lastLine(pip))"
            )
        }
        print(
            "python client: venv made and `pip install kubernetes` done in \(Int(Date().timeIntervalSince(started)))s at \(venv)"
        )
        guard importsClient(partial) else {
            throw Unavailable(description: "the venv cannot import kubernetes after pip install")
        }
        if FileManager.default.fileExists(atPath: venv) && !importsClient(venv) {
            try? FileManager.default.removeItem(atPath: venv)
        }
        if rename(partial, venv) != 0 {
            let why = String(cString: strerror(errno))
            guard importsClient(venv) else {
                throw Unavailable(description: "cannot move the venv into \(venv): \(why)")
            }
        }
        return python
    }

    static func lastLine(_ r: (status: Int32, stdout: String, stderr: String, timedOut: Bool)) -> String {
        let text = r.stderr.isEmpty ? r.stdout : r.stderr
        return text.split(separator: "\n").last.map(String.init) ?? "exit status \(r.status)"
    }

    /// Runs the script in `mode` against the server's secure port (its admin kubeconfig) and returns the
    /// JSON of its `SUMMARY` line; a script that fails throws with its output and the server's.
    static func run(_ python: String, _ script: String, mode: String, server: ServerProcess) throws -> [String: Any] {
        let path = server.dataDir + "/client.py"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runBounded(
            python, [path, server.dataDir + "/admin.kubeconfig", mode], timeout: 120,
            environment: ["NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"])
        let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("SUMMARY ") }
        let json =
            line.flatMap { try? JSONSerialization.jsonObject(with: Data($0.dropFirst("SUMMARY ".count).utf8)) }
            as? [String: Any]
        guard r.status == 0, let json else {
            throw ScriptFailed(
                description:
                    "the python client script (\(mode)) failed: exit status \(r.status)\(r.timedOut ? " (timed out)" : "")\n"
                    + "\(r.stdout)\n\(r.stderr)\nserver: \(server.stderr)")
        }
        return json
    }

    struct ScriptFailed: Error, CustomStringConvertible { let description: String }
}

/// Runs a command with a deadline (SIGKILL when it passes). Output goes to files, not pipes, so neither
/// stream can fill and stall the child while the other is read.
func runBounded(
    _ path: String, _ arguments: [String], timeout: Double,
    environment: [String: String] = [:]
) throws -> (status: Int32, stdout: String, stderr: String, timedOut: Bool) {
    let dir = makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let outPath = dir + "/stdout", errPath = dir + "/stderr"
    guard FileManager.default.createFile(atPath: outPath, contents: nil),
        FileManager.default.createFile(atPath: errPath, contents: nil),
        let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath)
    else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: dir])
    }
    defer { try? out.close(); try? err.close() }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = out
    p.standardError = err
    let started = Date()
    try p.run()
    let pid = p.processIdentifier
    let deadline = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
    p.waitUntilExit()
    deadline.cancel()
    let timedOut = p.terminationReason == .uncaughtSignal && Date().timeIntervalSince(started) >= timeout
    let read = { (file: String) in (try? String(contentsOfFile: file, encoding: .utf8)) ?? "" }
    return (p.terminationStatus, read(outPath), read(errPath), timedOut)
}
