import APIServer
import Foundation
import Testing
import TestSupport

/// The POSIX answers that replaced Foundation's FileManager and URL in the server.
@Suite("local files")
struct LocalFilesTests {
    @Test func absolutePathIsFoundationsStandardizedPath() {
        for path in [
            "/var/lib/kube-console", "/var/lib/kube-console/", "/var//lib/./kube-console", "/var/lib/../lib/x",
            "/", "/..", "relative/dir", "./relative", "../up/one", "a/b/../../c",
        ] {
            #expect(
                LocalFiles.absolutePath(path) == URL(fileURLWithPath: path).standardizedFileURL.path, "\(path)")
        }
    }

    @Test func createsDirectoriesWithTheirModeAndReadsFiles() throws {
        let root = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let nested = root + "/a/b/c"
        #expect(!LocalFiles.exists(nested))
        try LocalFiles.createDirectory(nested, mode: 0o700)
        try LocalFiles.createDirectory(nested, mode: 0o700)  // again: nothing to do
        #expect(LocalFiles.exists(nested))
        let mode = try FileManager.default.attributesOfItem(atPath: nested)[.posixPermissions] as? Int
        #expect(mode == 0o700)

        let file = root + "/a/file"
        #expect(LocalFiles.contents(file) == nil)
        #expect(FileManager.default.createFile(atPath: file, contents: Data("token\n".utf8)))
        #expect(LocalFiles.contents(file) == Array("token\n".utf8))
        #expect(throws: FileReadError.self) { try LocalFiles.createDirectory(file + "/below") }
        #expect(throws: FileReadError.self) { try LocalFiles.createDirectory(file) }
    }

    @Test func hostNameIsTheKernels() {
        #expect(HostName.current == ProcessInfo.processInfo.hostName)
        #expect(!HostName.current.isEmpty)
    }
}
