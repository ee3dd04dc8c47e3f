import Foundation
import Testing
import TestSupport
@testable import APIServer

/// The service account keys a server starts with: generated on the first run, or read from the flags' files.
@Suite("Service account tokens: keys and flags")
struct ServiceAccountKeysTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func theFirstRunMakesAPrivateKeyBesideThePKIAndReusesIt() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = ServerConfig()
        config.dataDir = dir
        let first = try ServiceAccountKeys.prepare(config)
        #expect(try mode(dir + "/pki/sa.key") == 0o600)
        #expect(FileManager.default.fileExists(atPath: dir + "/pki/sa.pub"))
        #expect(
            first.report == ["service account signing key \(dir)/pki/sa.key created (public key \(dir)/pki/sa.pub)"])
        #expect(first.issuers == ["https://kubernetes.default.svc.cluster.local"])
        #expect(first.apiAudiences == first.issuers)
        let second = try ServiceAccountKeys.prepare(config)
        #expect(second.signingKey.keyID == first.signingKey.keyID)
        // The public file verifies what the key signs.
        let published = try ES256Key.loadPublic(path: dir + "/pki/sa.pub")
        #expect(published.map(\.keyID) == [first.signingKey.keyID])
        let message = Array("payload".utf8)
        #expect(published[0].verify(try first.signingKey.sign(message), of: message))
    }

    @Test func flagsNameTheKeysIssuersAndAudiences() throws {
        guard let openssl = which("openssl") else { print("SKIP: openssl not installed"); return }
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/pki", withIntermediateDirectories: true)
        let signing = try ES256Key.generate(), other = try ES256Key.generate()
        try Data(signing.privatePEM).write(to: URL(fileURLWithPath: dir + "/signing.pem"))
        // One file holding the signing key's public half again and another key: the duplicate adds nothing.
        try Data(signing.publicPEM + other.publicPEM).write(to: URL(fileURLWithPath: dir + "/verify.pem"))
        var config = ServerConfig()
        try Flags.parse(
            [
                "--data-dir", dir, "--service-account-signing-key-file", dir + "/signing.pem",
                "--service-account-key-file", dir + "/verify.pem", "--service-account-issuer", "https://a.example",
                "--service-account-issuer", "https://b.example", "--api-audiences", "api,vault",
                "--service-account-max-token-expiration", "2h",
            ], into: &config)
        let keys = try ServiceAccountKeys.prepare(config)
        #expect(keys.signingKey.keyID == signing.keyID)
        #expect(keys.verificationKeys.map(\.keyID) == [signing.keyID, other.keyID])
        #expect(keys.issuers == ["https://a.example", "https://b.example"])
        #expect(keys.apiAudiences == ["api", "vault"])
        #expect(keys.maxExpirationSeconds == 7200)
        #expect(!FileManager.default.fileExists(atPath: dir + "/pki/sa.key"), "no key generated when one is given")

        // An RSA key is refused with the file named; so is a lifetime cap below TokenRequest's minimum.
        _ = try runTool(
            openssl, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/rsa.pem"])
        var rsa = config
        rsa.serviceAccountKeyFiles = [dir + "/rsa.pem"]
        #expect(throws: StartupError.self) { try ServiceAccountKeys.prepare(rsa) }
        do { _ = try ServiceAccountKeys.prepare(rsa) } catch {
            #expect(error.description.contains("\(dir)/rsa.pem: not an ECDSA P-256 key"))
        }
        var short = config
        short.serviceAccountMaxTokenExpiration = .seconds(60)
        #expect(throws: StartupError.self) { try ServiceAccountKeys.prepare(short) }
        #expect(throws: FlagError.self) { try Flags.parse(["--api-audiences", "a,,b"], into: &config) }
    }
}
