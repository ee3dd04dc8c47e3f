import Testing
@testable import KubeAPI

@Suite("Discovery: Accept negotiation")
struct DiscoveryAcceptTests {
    @Test func kubectlsHeaderGetsV2() {
        let accept =
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
        let (aggregated, version) = Discovery.wantsAggregated(accept: accept)
        #expect(aggregated)
        #expect(version == .v2)
    }

    @Test func onlyV2beta1GetsV2beta1() {
        let (aggregated, version) = Discovery.wantsAggregated(
            accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        #expect(aggregated)
        #expect(version == .v2beta1)
    }

    @Test func plainJSONAndWildcardsAndAbsenceAreLegacy() {
        #expect(Discovery.wantsAggregated(accept: nil).0 == false)
        #expect(Discovery.wantsAggregated(accept: "application/json").0 == false)
        #expect(Discovery.wantsAggregated(accept: "*/*").0 == false)
        // Plain JSON written first wins over a later aggregated clause.
        #expect(
            Discovery.wantsAggregated(
                accept: "application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
            ).0 == false)
    }

    @Test func qualityOrdersClausesAndZeroRefuses() {
        let preferAggregated =
            "application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
        #expect(Discovery.wantsAggregated(accept: preferAggregated).0 == true)
        let refused = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json"
        #expect(Discovery.wantsAggregated(accept: refused).0 == false)
    }

    @Test func unknownVersionsAndProtobufAreSkipped() {
        let accept =
            "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"
        let (aggregated, version) = Discovery.wantsAggregated(accept: accept)
        #expect(aggregated)
        #expect(version == .v2beta1)
    }

    @Test func legacyAnswerForPlainJSONAtTheSamePath() throws {
        let response = try #require(Discovery.response(path: "/apis", accept: "application/json", serverAddress: "h:1"))
        #expect(response.contentType == "application/json")
        #expect(try JSONParser.parse(response.body)["kind"]?.string == "APIGroupList")
        // Aggregated Accept on a group version is ignored: still an APIResourceList.
        let v1 = try #require(
            Discovery.response(
                path: "/api/v1", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
                serverAddress: "h:1"))
        #expect(v1.contentType == "application/json")
    }
}
