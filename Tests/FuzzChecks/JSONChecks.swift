import KubeAPI

/// The JSON parser: whatever it accepts, the writer writes as JSON that parses to the same value, and
/// writing that value again gives the same bytes.
enum JSONChecks {
    static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard let value = try? JSONParser.parse(input) else { return }
        try roundTrip(value, what: "parsed JSON")
    }

    /// `value` written, parsed and written again: same value, same bytes.
    static func roundTrip(_ value: JSONValue, what: String) throws(FuzzFailure) {
        let written = value.bytes
        let again: JSONValue
        do { again = try JSONParser.parse(written) } catch {
            throw FuzzFailure(
                "\(what) written as \(String(decoding: written, as: UTF8.self).debugDescription) does not parse: \(error)"
            )
        }
        guard again == value else { throw FuzzFailure("\(what) changed in a round trip: \(value) became \(again)") }
        guard again.bytes == written else {
            throw FuzzFailure(
                "\(what) is written differently the second time: \(String(decoding: written, as: UTF8.self)) then \(again.text)"
            )
        }
    }
}
