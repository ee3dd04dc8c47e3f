import Testing
@testable import HTTP

@Suite struct StringTrimmingTests {
    /// Foundation's `.whitespaces` (tab, Unicode space separators) and `.whitespacesAndNewlines`, which
    /// the flags, media types and token files were trimmed with before the server left Foundation.
    @Test func trimsAsFoundationsWhitespaceSets() {
        #expect(" \t\u{00A0}a b\u{3000} ".trimmingWhitespace() == "a b")
        #expect("\n a \n".trimmingWhitespace() == "\n a \n")
        #expect("\r\n token\u{2028}\n".trimmingWhitespace(newlines: true) == "token")
        #expect("  ".trimmingWhitespace() == "" && "".trimmingWhitespace(newlines: true) == "")
        #expect(" \u{00A0}x\t".trimmingASCIIWhitespace() == "\u{00A0}x")
    }

    @Test(arguments: [("/a/b/c", "/a/b"), ("a/b", "a"), ("name", ""), ("/name", "/"), ("/a/b/", "/a"), ("/", "/")])
    func parentDirectoryAsNSString(path: String, parent: String) {
        #expect(path.parentDirectory == parent)
    }
}
