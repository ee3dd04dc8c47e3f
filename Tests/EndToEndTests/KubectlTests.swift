import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// kubectl (the machine's /usr/bin/kubectl, 1.32) against the real binary with the first-run admin
/// kubeconfig: what an operator types.
@Suite("kubectl end to end", .timeLimit(.minutes(3)))
struct KubectlTests {
    final class Cluster {
        let server: ServerProcess
        let kubectl: String
        var kubeconfig: String { server.dataDir + "/admin.kubeconfig" }

        init?() throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") else { return nil }
            kubectl = "/usr/bin/kubectl"
            server = try ServerProcess.serve(["--access-log=false"])
        }

        @discardableResult
        func run(_ args: String..., input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
            try runTool(kubectl, ["--kubeconfig", kubeconfig] + args, input: input)
        }

        func file(_ name: String, _ text: String) throws -> String {
            let path = server.dataDir + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web, tier: front}
        spec:
          containers:
          - name: nginx
            image: nginx:1.25
            ports: [{containerPort: 80}]
            env: [{name: MODE, value: a}]
        """

    @Test func versionDiscoveryAndTypedCreates() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let version = try c.run("version", "-o", "json")
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.contains("v1.32.0+kube-console"))
        let resources = try c.run("api-resources")
        #expect(resources.status == 0)
        for name in ["pods", "services", "configmaps", "namespaces", "selfsubjectaccessreviews"] {
            #expect(resources.stdout.contains(name))
        }
        // Typed commands send protobuf bodies.
        #expect(try c.run("create", "namespace", "demo").status == 0)
        #expect(try c.run("create", "configmap", "settings", "-n", "demo", "--from-literal=color=blue").status == 0)
        #expect(
            try c.run("create", "secret", "generic", "pw", "-n", "demo", "--from-literal=password=hunter2").status == 0)
        let cm = try c.run("get", "configmap", "settings", "-n", "demo", "-o", "jsonpath={.data.color}")
        #expect(cm.stdout == "blue")
        let table = try c.run("get", "namespaces")
        #expect(table.stdout.contains("NAME") && table.stdout.contains("STATUS") && table.stdout.contains("demo"))
        let can = try c.run("auth", "can-i", "create", "pods")
        #expect(can.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "yes")
    }

    @Test func serverSideApplyConflictsForceAndDiff() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let cm = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ssa
              namespace: default
            data:
              a: "1"
              b: "2"
            """
        let created = try c.run("apply", "--server-side", "-f", try c.file("ssa.yaml", cm))
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("configmap/ssa serverside-applied"))
        let fields = try c.run(
            "get", "configmap", "ssa", "-o",
            "jsonpath={.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation}")
        #expect(fields.stdout == "kubectl Apply")
        // Applied again without b: b is gone; an unchanged apply keeps the resourceVersion.
        let withoutB = try c.file("ssa2.yaml", cm.replacingOccurrences(of: "\n  b: \"2\"", with: ""))
        #expect(try c.run("apply", "--server-side", "-f", withoutB).status == 0)
        #expect(try c.run("get", "configmap", "ssa", "-o", "jsonpath={.data}").stdout == #"{"a":"1"}"#)
        let version = try c.run("get", "configmap", "ssa", "-o", "jsonpath={.metadata.resourceVersion}").stdout
        #expect(try c.run("apply", "--server-side", "-f", withoutB).status == 0)
        #expect(try c.run("get", "configmap", "ssa", "-o", "jsonpath={.metadata.resourceVersion}").stdout == version)
        // Another manager changing a: 409, naming the field and its manager; forced, it wins.
        let other = try c.file(
            "ssa3.yaml",
            cm.replacingOccurrences(of: "a: \"1\"", with: "a: \"9\"").replacingOccurrences(of: "\n  b: \"2\"", with: "")
        )
        let conflict = try c.run("apply", "--server-side", "--field-manager=other", "-f", other)
        #expect(conflict.status != 0)
        #expect(
            conflict.stderr.contains(#"Apply failed with 1 conflict: conflict with "kubectl": .data.a"#),
            "\(conflict.stderr)")
        #expect(try c.run("get", "configmap", "ssa", "-o", "jsonpath={.data.a}").stdout == "1")
        let forced = try c.run("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", other)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try c.run("get", "configmap", "ssa", "-o", "jsonpath={.data.a}").stdout == "9")
        // kubectl diff shows the change a manifest would make (a dry-run patch) and stores nothing.
        let changed = try c.file("ssa4.yaml", cm.replacingOccurrences(of: "a: \"1\"", with: "a: \"changed\""))
        let diff = try c.run("diff", "-f", changed)
        #expect(diff.status == 1, "\(diff.stderr)")
        #expect(diff.stdout.contains("+  a: changed") && diff.stdout.contains("-  a: \"9\""), "\(diff.stdout)")
        #expect(try c.run("get", "configmap", "ssa", "-o", "jsonpath={.data.a}").stdout == "9")
        // A create records its manager as kubectl sends it.
        #expect(try c.run("create", "configmap", "made", "--from-literal=k=v").status == 0)
        #expect(
            try c.run("get", "configmap", "made", "-o", "jsonpath={.metadata.managedFields[0].manager}").stdout
                == "kubectl-create")
    }

    @Test func applyModifyLabelPatchReplaceDelete() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let manifest = try c.file("pod.yaml", Self.pod)
        let created = try c.run("apply", "-f", manifest)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("pod/web created"))
        // Modify and apply again: a strategic merge patch that changes one container field.
        let modified = try c.file(
            "pod2.yaml",
            Self.pod.replacingOccurrences(of: "nginx:1.25", with: "nginx:1.26")
                .replacingOccurrences(of: "value: a", with: "value: b"))
        let applied = try c.run("apply", "-f", modified)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("pod/web configured"))
        let image = try c.run(
            "get", "pod", "web", "-o", "jsonpath={.spec.containers[0].image} {.spec.containers[0].env[0].value}")
        #expect(image.stdout == "nginx:1.26 b")
        #expect(try c.run("label", "pod", "web", "env=prod").status == 0)
        #expect(try c.run("get", "pods", "-l", "env=prod", "-o", "name").stdout.contains("pod/web"))
        #expect(try c.run("get", "pods", "-l", "env=dev", "-o", "name").stdout.isEmpty)
        let patched = try c.run(
            "patch", "pod", "web", "-p", #"{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}"#)
        #expect(patched.status == 0, "\(patched.stderr)")
        #expect(try c.run("get", "pod", "web", "-o", "jsonpath={.spec.containers[0].image}").stdout == "nginx:1.27")
        let yaml = try c.run("get", "pod", "web", "-o", "yaml")
        #expect(yaml.stdout.contains("resourceVersion:") && yaml.stdout.contains("uid:"))
        let replaced = try c.run("replace", "-f", modified)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try c.run("delete", "pod", "web").stdout.contains("deleted"))
        #expect(try c.run("get", "pod", "web").status != 0)
    }

    @Test func createFromFileRejectsUnknownFields() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let bad = try c.file(
            "bad.yaml",
            Self.pod.replacingOccurrences(of: "image: nginx:1.25", with: "image: nginx:1.25\n    imagee: typo"))
        let r = try c.run("create", "-f", bad)
        #expect(r.status != 0)
        #expect(r.stderr.contains("imagee"), "\(r.stderr)")
        let good = try c.file("good.yaml", Self.pod)
        #expect(try c.run("create", "-f", good).status == 0)
    }

    @Test func watchSeesAddedModifiedDeleted() throws {
        guard let c = try Cluster() else { print("SKIP: kubectl not installed"); return }
        let out = c.server.dataDir + "/watch.out"
        try #require(FileManager.default.createFile(atPath: out, contents: nil))
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: c.kubectl)
        watcher.arguments = ["--kubeconfig", c.kubeconfig, "get", "configmaps", "-w", "--output-watch-events"]
        watcher.standardOutput = FileHandle(forWritingAtPath: out)
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        defer { watcher.terminate() }
        func seen() -> String { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        #expect(try c.run("create", "configmap", "w1", "--from-literal=k=one").status == 0)
        #expect(eventually { seen().contains("ADDED") && seen().contains("w1") })
        #expect(try c.run("patch", "configmap", "w1", "--type=merge", "-p", #"{"data":{"k":"two"}}"#).status == 0)
        #expect(eventually { seen().contains("MODIFIED") })
        #expect(try c.run("delete", "configmap", "w1").status == 0)
        #expect(eventually { seen().contains("DELETED") })
    }
}
