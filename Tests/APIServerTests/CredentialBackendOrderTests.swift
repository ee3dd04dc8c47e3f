import Synchronization
import Testing
@testable import APIServer

/// A commit's answer can arrive after the watch brought a later change by another master: the later one
/// stays in force (tables and policies only move forward by the backend's revision).
@Suite("Credential backends: later changes are never undone")
struct CredentialBackendOrderTests {
    /// Commits at revision 5, but tells the stores of revision 9 (another master's) while committing.
    final class LateAnswerBackend: CredentialBackend, @unchecked Sendable {
        var newer: (() -> Void)?
        var location: String { "test" }
        func openTokens(seed: TokenTable) -> TokenTable {
            var table = seed
            table.revision = 1
            return table
        }
        func commitTokens(
            inForce: TokenTable, _ change: (TokenTable) throws(TokenStoreError) -> TokenTable,
            persist: () throws(TokenStoreError) -> Void
        ) throws(TokenStoreError) -> TokenCommit {
            var next = try change(inForce)
            try persist()
            next.revision = 5
            newer?()
            return TokenCommit(table: next, localCopyError: nil)
        }
        func openPolicy(seed: PolicyDocument) -> PolicyDocument {
            PolicyDocument(text: seed.text, source: seed.source, revision: 1)
        }
        func commitPolicy(_ document: PolicyDocument, baseline: String?) -> PolicyDocument? {
            newer?()
            return PolicyDocument(text: document.text, source: document.source, revision: 5)
        }
        func follow(
            tokens: @escaping @Sendable (TokenTable) -> Void, policy: @escaping @Sendable (PolicyDocument) -> Void
        ) {}
        func stop() {}
    }

    @Test func aLateCommitAnswerDoesNotUndoALaterTable() throws {
        let dir = CredentialsScratchDirectory()
        let store = try TokenStore(path: dir.write("tokens.csv", "a1,alice,1\nb1,bob,2\n"))
        let backend = LateAnswerBackend()
        try store.share(through: backend)
        var later = TokenTable(records: [CredentialRecord(secret: "a9", user: "alice", uid: "1")], modified: 0)
        later.revision = 9
        backend.newer = { [later] in store.adopt(later) }
        let token = try store.rotateToken(user: "bob")
        #expect(store.authenticator().authenticate("a9") == .user(UserInfo(name: "alice", uid: "1")))
        #expect(store.authenticator().authenticate(token) == .unknown(fingerprint: Fingerprint.of(token)))
    }

    @Test func aLateCommitAnswerDoesNotUndoALaterPolicy() throws {
        let dir = CredentialsScratchDirectory()
        let path = dir.write("policy.jsonl", #"{"user":"alice"}"# + "\n")
        let policy = try PolicyStore(mode: .abac, path: path)
        let backend = LateAnswerBackend()
        try policy.share(through: backend, source: "here")
        backend.newer = {
            policy.adopt(
                PolicyDocument(
                    text: #"{"user":"carol"}"# + "\n" + #"{"user":"dave"}"# + "\n", source: "elsewhere", revision: 9))
        }
        dir.write("policy.jsonl", #"{"user":"bob"}"# + "\n")
        _ = policy.reload()
        #expect(policy.snapshot().rules.map(\.user) == ["carol", "dave"] && policy.snapshot().source == "elsewhere")
    }
}
