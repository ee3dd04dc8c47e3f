import Foundation
import Testing
@testable import APIServer

@Suite("Authorization: loading policy files")
struct AuthorizationPolicyFileTests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("abac-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func loadsAFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("policy.jsonl")
        try "# default policy\n{\"user\":\"admin\"}\n{\"user\":\"viewer\",\"readonly\":true}\n".write(
            to: file, atomically: true, encoding: .utf8)
        let policy = try ABACPolicy.load(path: file.path)
        #expect(policy.rules.map(\.line) == [2, 3])
        #expect(policy.rules.map(\.user) == ["admin", "viewer"])
    }

    @Test func aBrokenFileNamesItsPathAndLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("policy.jsonl")
        try "{\"user\":\"admin\"}\n{\"user\":\"x\",\"nmespace\":\"y\"}\n".write(
            to: file, atomically: true, encoding: .utf8)
        #expect(
            throws: PolicyError(
                file: file.path, line: 2,
                message: #"unknown field "nmespace"; a flat rule has user, group, readonly, resource and namespace"#)
        ) {
            try ABACPolicy.load(path: file.path)
        }
    }

    @Test func anEndlessFileIsRefused() {
        #expect(
            throws: PolicyError(file: "/dev/zero", line: 0, message: "larger than 100000 bytes; not a policy file?")
        ) {
            try PolicyFile.contents(of: "/dev/zero", maxBytes: 100_000)
        }
    }

    @Test func unreadableFilesAreLineZero() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nope.jsonl").path
        #expect(throws: PolicyError(file: missing, line: 0, message: "cannot open: No such file or directory")) {
            try ABACPolicy.load(path: missing)
        }
        #expect(throws: PolicyError(file: dir.path, line: 0, message: "cannot read: Is a directory")) {
            try ABACPolicy.load(path: dir.path)
        }
    }
}
