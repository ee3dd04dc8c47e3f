import Testing
@testable import KubeAPI

@Suite("Schema: unknown and duplicate fields (fieldValidation)")
struct SchemaValidatorTests {
    func problems(_ json: String, _ apiVersion: String = "v1", _ kind: String = "Pod") throws -> [String]? {
        try SchemaValidator.problems(in: JSONParser.parse(Substring(json)), apiVersion: apiVersion, kind: kind)?.map(
            \.description)
    }

    static let validPod = #"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"any/key":"v"},"annotations":{"a":"b"}},
         "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
           "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k","optional":true}}}],
           "resources":{"limits":{"cpu":"1","memory":"1Gi"}},"readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5},
           "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
          "volumes":[{"name":"data","emptyDir":{}},{"name":"cfg","configMap":{"name":"cm","items":[{"key":"k","path":"p"}]}}],
          "securityContext":{"runAsNonRoot":true},"tolerations":[{"operator":"Exists"}]},
         "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False","lastTransitionTime":null}]}}
        """#

    @Test func aValidPodHasNoProblems() throws {
        #expect(try problems(Self.validPod) == [])
    }

    @Test func unknownFieldsAreNamedByPath() throws {
        let pod =
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","nmae":"x"},"spec":{"containers":[{"name":"a"},{"name":"b","imagee":"nginx","ports":[{"port":80}]}]},"extra":1}"#
        #expect(
            try problems(pod) == [
                #"unknown field "metadata.nmae""#, #"unknown field "spec.containers[1].imagee""#,
                #"unknown field "spec.containers[1].ports[0].port""#, #"unknown field "extra""#,
            ])
    }

    @Test func duplicateFieldsAreReportedOnce() throws {
        let cm =
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},"data":{"k":"v"},"data":{"k":"v"},"data":{}}"#
        #expect(
            try problems(cm, "v1", "ConfigMap") == [
                #"duplicate field "metadata.name""#, #"duplicate field "metadata.labels.x""#,
                #"duplicate field "data""#,
            ])
    }

    @Test func kindsAndTypeMeta() throws {
        #expect(try problems(#"{"metadata":{"name":"a"}}"#, "v1", "Deployment") == nil)  // not served
        #expect(
            try problems(
                #"{"spec":{"resourceAttributes":{"verb":"get","resource":"pods","resourcee":"x"}}}"#,
                "authorization.k8s.io/v1", "SelfSubjectAccessReview") == [
                    #"unknown field "spec.resourceAttributes.resourcee""#
                ])
        // apiVersion and kind belong to top-level objects only.
        #expect(
            try problems(#"{"kind":"Secret","spec":{"containers":[{"name":"a","kind":"x"}]}}"#) == [
                #"unknown field "spec.containers[0].kind""#
            ])
        // Values of the wrong JSON type are the decoder's to reject, not unknown fields.
        #expect(try problems(#"{"spec":{"containers":{"name":"a"},"volumes":"x"}}"#) == [])
    }

    @Test func strictAndWarnMessages() throws {
        let found = try #require(
            SchemaValidator.problems(
                in: JSONParser.parse(Substring(#"{"spec":{"containers":[{"imagee":"x"}]},"foo":1}"#)), apiVersion: "v1",
                kind: "Pod"))
        #expect(
            SchemaValidator.strictMessage(kind: "Pod", apiVersion: "v1", problems: found)
                == #"Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee", unknown field "foo""#
        )
        #expect(
            SchemaValidator.strictMessage(
                kind: "SelfSubjectAccessReview", apiVersion: "authorization.k8s.io/v1", problems: found
            )
            .hasPrefix(
                #"SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: strict decoding error: "#
            ))
        #expect(
            SchemaValidator.warnings(found) == [#"unknown field "spec.containers[0].imagee""#, #"unknown field "foo""#])
    }

    @Test func atMostAHundredDistinctProblems() throws {
        let keys = (0..<150).map { "\"u\($0)\":1" }.joined(separator: ",")
        let found = try #require(try problems("{\(keys),\"u0\":1}", "v1", "Namespace"))
        #expect(found.count == 100)
        #expect(found.first == #"unknown field "u0""#)
    }
}
