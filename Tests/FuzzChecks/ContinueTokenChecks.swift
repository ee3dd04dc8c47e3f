import Storage

/// Continue tokens as a client may send them: one that decodes, encoded again, decodes to the same
/// position, and its encoding is stable.
enum ContinueTokenChecks {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: input, as: UTF8.self)
        guard let token = try? ContinueToken(decoding: text) else { return }
        guard token.revision > 0 else { throw FuzzFailure("accepted revision \(token.revision)") }
        let encoded = token.encoded
        let again: ContinueToken
        do { again = try ContinueToken(decoding: encoded) } catch {
            throw FuzzFailure("\(encoded) (from \(text.debugDescription)) is refused: \(error)")
        }
        guard again == token else {
            throw FuzzFailure("\(text.debugDescription) re-encoded as \(encoded) decodes to another position")
        }
        guard again.encoded == encoded else {
            throw FuzzFailure("encoding is not stable: \(encoded) then \(again.encoded)")
        }
    }
}
