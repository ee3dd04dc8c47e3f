import Foundation
import KubeAPI
import Testing

/// The project's base64 (the server does not link Foundation) answers as Foundation's `Data(base64Encoded:)`
/// and `base64EncodedString()` did where it replaced them: basic auth, kubeconfig certificates, protobuf bytes.
@Suite("base64")
struct Base64Tests {
    @Test func encodesAndDecodesEveryLengthAsFoundationDoes() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString())
            #expect(Base64.decode(text) == bytes)
        }
    }

    @Test func refusesWhatFoundationRefuses() {
        for text in ["a", "ab", "abc", "abcde", "=abc", "a===", "ab c", "abc!", "YWJj\n", "YQ==YQ==", "Y==="] {
            #expect(Base64.decode(text) == nil, "\(text)")
            #expect(Data(base64Encoded: text) == nil, "Foundation accepts \(text)")
        }
        // Padding inside the text: Foundation reads it past, Go's StdEncoding (kube's) refuses, as we do.
        #expect(Base64.decode("ab=c") == nil)
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("YWRtaW46c2VjcmV0").map { String(decoding: $0, as: UTF8.self) } == "admin:secret")
    }
}
