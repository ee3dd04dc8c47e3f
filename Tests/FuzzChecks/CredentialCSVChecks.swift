import APIServer

/// Token and basic-auth files (kube's CSV): what parses, rendered and parsed again, gives the same
/// records (secret, user, uid, groups), in both formats. A value holding a carriage return is left out:
/// CSV as Go reads and writes it cannot carry one through (a quoted `\r\n` is read back as `\n`), so
/// neither kube's files nor these can.
enum CredentialCSVChecks {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: input, as: UTF8.self)
        if let records = try? TokenFile.parse(text, file: "fuzz"), records.allSatisfy(writable) {
            try same(
                records, TokenFile.render(records),
                parse: { (t: String) throws(CredentialFileError) in try TokenFile.parse(t, file: "again") },
                "token file")
        }
        if let records = try? BasicAuthFile.parse(text, file: "fuzz"), records.allSatisfy(writable) {
            try same(
                records, BasicAuthFile.render(records),
                parse: { (t: String) throws(CredentialFileError) in try BasicAuthFile.parse(t, file: "again") },
                "basic-auth file")
        }
    }

    static func same(
        _ records: [CredentialRecord], _ rendered: String,
        parse: (String) throws(CredentialFileError) -> [CredentialRecord], _ what: String
    ) throws(FuzzFailure) {
        let again: [CredentialRecord]
        do { again = try parse(rendered) } catch {
            throw FuzzFailure("\(what) rendered as \(rendered.debugDescription) is refused: \(error)")
        }
        func key(_ r: CredentialRecord) -> [String] { [r.secret, r.user, r.uid] + r.groups }
        guard again.map(key) == records.map(key) else {
            throw FuzzFailure("\(what) changed in a round trip through \(rendered.debugDescription)")
        }
    }

    static func writable(_ r: CredentialRecord) -> Bool {
        !([r.secret, r.user, r.uid] + r.groups).contains { $0.utf8.contains(UInt8(ascii: "\r")) }
    }
}
