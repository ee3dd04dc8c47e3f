import Testing
@testable import KubeAPI

/// The plain-Swift SHA-256 behind storageVersionHash, on the FIPS 180-4 example messages (one block, the
/// empty message, two blocks) and a message whose padding spills into a second block.
@Suite("Discovery: SHA-256 for storageVersionHash")
struct DiscoverySHA256Tests {
    func hex(_ text: String) -> String {
        SHA256.digest(Array(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func knownDigests() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(String(repeating: "a", count: 60)) == "11ee391211c6256460b6ed375957fadd8061cafbb31daf967db875aebd5aaad4")
    }

    @Test func storageVersionHashIsKubesForPods() {
        #expect(Discovery.storageVersionHash(group: "", version: "v1", kind: "Pod") == "xPOwRZ+Yhw8=")
    }
}
