import Testing
@testable import KubeAPI

/// Status errors compare by everything a client sees in the body, causes included.
@Suite struct StatusErrorTests {
    func invalid(field: String) -> StatusError {
        var status = StatusError(
            code: 422, reason: "Invalid", message: #"Pod "x" is invalid"#, details: ("x", "", "Pod"))
        status.causes = [(reason: "FieldValueRequired", message: "Required value", field: field)]
        return status
    }

    @Test func errorsWithDifferentCausesAreNotEqual() {
        #expect(invalid(field: "metadata.name") == invalid(field: "metadata.name"))
        #expect(invalid(field: "metadata.name") != invalid(field: "spec.containers"))
        var none = invalid(field: "metadata.name")
        none.causes = []
        #expect(none != invalid(field: "metadata.name"))
    }

    @Test func invalidCarriesOneCausePerFieldError() {
        let status = StatusError.invalid(
            kind: "Pod", name: "x",
            [
                FieldError(kind: .required, field: "metadata.name", detail: ""),
                FieldError(kind: .invalid, field: "metadata.labels", detail: "bad", value: "a b"),
            ])
        #expect(status.code == 422)
        #expect(status.causes.map(\.field) == ["metadata.name", "metadata.labels"])
        #expect(status.causes.map(\.message) == ["Required value", #"Invalid value: "a b": bad"#])
    }
}
