import Testing
@testable import KubeAPI

/// Accept negotiation for answers: the first clause (by q, specificity, order) this server can write wins;
/// JSON when none can.
@Suite("Negotiation: answer formats")
struct ResponseFormatTests {
    @Test(arguments: [
        // client-go components (protobuf by default), kubectl's typed clients, plain JSON clients.
        ("application/vnd.kubernetes.protobuf, */*", ResponseFormat.protobuf),
        ("application/vnd.kubernetes.protobuf,application/json", .protobuf),
        ("application/vnd.kubernetes.protobuf", .protobuf),
        ("application/json, application/vnd.kubernetes.protobuf", .json),
        ("application/json;q=0.5, application/vnd.kubernetes.protobuf", .protobuf),
        ("*/*", .json),
        ("application/json", .json),
        // kubectl get: Tables first.
        (
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
            .table(groupVersion: "meta.k8s.io/v1")
        ),
        ("application/json;as=Table;v=v1beta1;g=meta.k8s.io", .table(groupVersion: "meta.k8s.io/v1beta1")),
        // Protobuf Tables and other conversions are not served: the next clause is.
        ("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json", .json),
        ("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/vnd.kubernetes.protobuf", .protobuf),
        ("application/yaml", .json),
        ("text/html", .json),
    ])
    func negotiate(_ accept: String, _ expected: ResponseFormat) {
        #expect(ResponseFormat.negotiate(accept: accept) == expected)
    }

    /// The forms sent on every request are answered without parsing clauses: client-go's default for a
    /// protobuf client (`ContentType + ", */*"`) among them. Any variation is left to the parser.
    @Test(arguments: [
        ("application/vnd.kubernetes.protobuf", ResponseFormat?.some(.protobuf)),
        ("application/vnd.kubernetes.protobuf, */*", .protobuf),
        ("application/json", .json),
        ("*/*", .json),
        ("application/vnd.kubernetes.protobuf,*/*", nil),
        ("application/vnd.kubernetes.protobuf, */*;q=0.5", nil),
        ("Application/vnd.kubernetes.protobuf, */*", nil),
        ("application/vnd.kubernetes.protobuf, */*,", nil),
    ])
    func commonFormsSkipTheParser(_ accept: String, _ expected: ResponseFormat?) {
        #expect(ResponseFormat.commonForm(accept) == expected)
    }

    @Test func noHeaderIsJSON() {
        #expect(ResponseFormat.negotiate(accept: nil) == .json)
        #expect(ResponseFormat.negotiate(accept: "") == .json)
    }
}
