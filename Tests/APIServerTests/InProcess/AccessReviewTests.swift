import Testing
import TestSupport
@testable import APIServer
@testable import KubeAPI

/// authorization.k8s.io/v1 reviews in-process on a port without an authorizer (everything allowed there);
/// the secure port's answers from its policy are in `PortChainTests`.
@Suite("REST in-process: access reviews")
struct AccessReviewTests {
    static let reviews = "/apis/authorization.k8s.io/v1/"

    @Test func aSelfSubjectAccessReviewIsAnsweredAndNotStored() throws {
        let api = try RESTFixture()
        let revision = api.store.revision
        let answer = try api.post(
            Self.reviews + "selfsubjectaccessreviews",
            #"{"spec":{"resourceAttributes":{"verb":"delete","resource":"pods","namespace":"default"}}}"#)
        #expect(answer.code == 201)
        #expect(answer.json["kind"]?.string == "SelfSubjectAccessReview")
        #expect(answer.json["apiVersion"]?.string == "authorization.k8s.io/v1")
        #expect(answer.json[["status", "allowed"]]?.bool == true)
        #expect(answer.json[["spec", "resourceAttributes", "verb"]]?.string == "delete")
        #expect(api.store.revision == revision)
    }

    @Test func aSubjectAccessReviewNeedsAUserOrGroups() throws {
        let api = try RESTFixture()
        let review = try api.post(
            Self.reviews + "subjectaccessreviews",
            #"{"spec":{"user":"bob","nonResourceAttributes":{"verb":"get","path":"/healthz"}}}"#)
        #expect(review.code == 201)
        #expect(review.json["kind"]?.string == "SubjectAccessReview")
        #expect(review.json[["status", "allowed"]]?.bool == true)
        let nobody = try api.post(
            Self.reviews + "subjectaccessreviews", #"{"spec":{"resourceAttributes":{"verb":"get"}}}"#)
        #expect(nobody.code == 422)
        #expect(nobody.reason == "Invalid")
        #expect(nobody.json[["details", "causes"]]?.array?.first?["field"]?.string == "spec.user")
    }

    @Test func reviewsAreCreateOnlyAndNeedAJSONBody() throws {
        let api = try RESTFixture()
        let get = try api.get(Self.reviews + "selfsubjectaccessreviews")
        #expect(get.code == 405)
        #expect(get.reason == "MethodNotAllowed")
        let bad = try api.post(Self.reviews + "selfsubjectaccessreviews", "{")
        #expect(bad.code == 400)
        #expect(bad.message?.hasPrefix("error decoding request body") == true)
    }
}
