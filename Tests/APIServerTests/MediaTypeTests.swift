import Testing
@testable import APIServer

@Suite struct MediaTypeTests {
    @Test(arguments: [
        ("application/json", "application/json"),
        ("Application/JSON; charset=utf-8", "application/json"),
        ("  application/json  ;x=y", "application/json"),
        ("\tapplication/vnd.kubernetes.protobuf", "application/vnd.kubernetes.protobuf"),
        (";;application/merge-patch+json;q=1", "application/merge-patch+json"),  // the first non-empty piece
        (" ;application/json", ""),
        ("", ""),
        ("application/jsön", "application/jsön"),  // not ASCII: Foundation's trimming and lower-casing
        ("\u{00A0}APPLICATION/JSON", "application/json"),
    ])
    func essence(_ header: String, _ expected: String) {
        #expect(MediaType.essence(header) == expected)
    }

    @Test func noHeaderIsEmpty() {
        #expect(MediaType.essence(nil) == "")
    }
}
