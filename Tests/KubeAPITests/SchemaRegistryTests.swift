import Foundation
import Testing
@testable import KubeAPI

@Suite("Schema: the generated type registry")
struct SchemaRegistryTests {
    let registry = SchemaRegistry.shared

    @Test func everyServedKindAndListHasASchema() throws {
        for r in ResourceCatalog.all {
            let message = try #require(registry.message(apiVersion: r.apiVersion, kind: r.kind), "\(r.kind)")
            #expect(message.kinds.contains(GroupVersionKind(group: r.group, version: r.version, kind: r.kind)))
            if r.verbs.contains("list") {
                #expect(registry.message(apiVersion: r.apiVersion, kind: r.listKind) != nil, "\(r.listKind)")
            }
        }
        #expect(registry.message(apiVersion: "v1", kind: "Binding") != nil)
        #expect(registry.message(apiVersion: "apps/v1", kind: "Deployment") == nil)
    }

    @Test func tableIsConsistent() {
        #expect(registry.names.count > 150)
        for name in registry.names {
            let message = registry[name]!
            #expect(Set(message.fields.map(\.number)).count == message.fields.count, "\(name): duplicate field numbers")
            #expect(
                Set(registry.jsonFields(of: message).map(\.name)).count == registry.jsonFields(of: message).count,
                "\(name): duplicate JSON names")
            for field in message.fields {
                if case .message(let inner) = field.type {
                    #expect(registry[inner] != nil, "\(name).\(field.name) → \(inner)")
                }
            }
        }
    }

    @Test func jsonNamesAndNumbersMatchTheGoTypes() throws {
        func field(_ message: String, _ name: String) -> SchemaField? {
            registry["io.k8s.api.core.v1." + message].flatMap { m in
                registry.jsonFields(of: m).first { $0.name == name }
            }
        }
        #expect(field("Container", "imagePullPolicy")?.number == 14)
        #expect(field("Container", "terminationMessagePolicy")?.number == 20)
        #expect(field("PodSpec", "serviceAccount")?.number == 9)
        #expect(field("ServiceSpec", "clusterIPs")?.repeated == true)
        #expect(field("DaemonEndpoint", "Port")?.type == .int32)  // the one capitalised JSON name
        #expect(field("ConfigMapKeySelector", "name")?.number == 1)  // from the inline LocalObjectReference
        #expect(field("Secret", "data")?.isMap == true && field("Secret", "data")?.type == .bytes)
        let meta = try #require(registry["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"])
        #expect(!meta.fields.contains { $0.name == "clusterName" })
        #expect(meta.fields.first { $0.name == "managedFields" }?.number == 17)
        #expect(registry["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]?.special == .time)
    }

    @Test(
        "the committed GeneratedSchema.swift is what the generator writes",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func generatedFileIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [root.appendingPathComponent("share/codegen/gen_schema.py").path, "--check"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
    }
}
