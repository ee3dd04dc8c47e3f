import Testing
@testable import KubeAPI

/// The descriptions `kubectl explain` prints: k8s.io/api's proto comments, formatted as kube-openapi formats
/// the Go doc comments, in both OpenAPI documents.
@Suite("Schema: descriptions in OpenAPI")
struct SchemaDescriptionsTests {
    func json(_ bytes: [UInt8]?) throws -> JSONValue { try JSONParser.parse(try #require(bytes)) }

    @Test func v3CarriesTypeAndFieldDescriptions() throws {
        let schemas = try #require(try json(OpenAPI.v3(groupVersion: "api/v1"))[["components", "schemas"]])
        #expect(
            schemas[["io.k8s.api.core.v1.Container", "description"]]?.string
                == "A single application container that you want to run within a pod.")
        let containers = try #require(schemas[["io.k8s.api.core.v1.PodSpec", "properties", "containers"]])
        #expect(
            containers["description"]?.string
                == "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated."
        )
        // A reference keeps its description beside the allOf, as kube-openapi writes it.
        let spec = try #require(schemas[["io.k8s.api.core.v1.Pod", "properties", "spec"]])
        #expect(
            spec["allOf"] != nil
                && spec["description"]?.string?.hasPrefix("Specification of the desired behavior of the pod.") == true)
        #expect(
            schemas[["io.k8s.api.core.v1.Pod", "properties", "kind", "description"]]?.string == SchemaDescriptions.kind)
        // Inlined structs' fields carry their own struct's descriptions (LocalObjectReference.name).
        #expect(
            schemas[["io.k8s.api.core.v1.ConfigMapKeySelector", "properties", "name", "description"]]?.string?
                .hasPrefix("Name of the referent.") == true)
        // Special types too.
        #expect(
            schemas[["io.k8s.apimachinery.pkg.api.resource.Quantity", "description"]]?.string?.hasPrefix(
                "Quantity is a fixed-point representation of a number.") == true)
    }

    @Test func formattingFollowsKubeOpenAPI() throws {
        // Paragraphs are kept (\n\n), `+optional` markers and the comment's line breaks are not.
        let aws = try #require(SchemaDescriptions.of("io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource"))
        #expect(
            aws.hasPrefix(
                "Represents a Persistent Disk resource in AWS.\n\nAn AWS EBS disk must exist before mounting to a container. The disk must also"
            ))
        #expect(
            !SchemaDescriptions.shared.values.contains { $0.contains("+optional") || $0.contains("+patchStrategy") })
        // An indented example line keeps its line and its indentation (a tab here).
        let quantity = try #require(SchemaDescriptions.of("io.k8s.apimachinery.pkg.api.resource.Quantity"))
        #expect(quantity.contains("\n\n\t(Note that <suffix> may be empty, from the \"\" case in <decimalSI>.)\n\n"))
        #expect(SchemaDescriptions.unescape(#"a\nb\\n\tc"#) == "a\nb\\n\tc")
    }

    @Test func v2CarriesThemBesideReferences() throws {
        let definitions = try #require(try json(OpenAPI.v2())["definitions"])
        let metadata = try #require(definitions[["io.k8s.api.core.v1.Pod", "properties", "metadata"]])
        #expect(metadata["$ref"]?.string == "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
        #expect(metadata["description"]?.string?.hasPrefix("Standard object's metadata.") == true)
        #expect(
            definitions[["io.k8s.api.coordination.v1.LeaseSpec", "properties", "holderIdentity", "description"]]?.string
                == "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."
        )
    }
}
