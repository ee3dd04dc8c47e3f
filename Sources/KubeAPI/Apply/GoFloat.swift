/// Go's float text, for the numbers YAML resolves: encoding/json's form (what a YAML float becomes on its
/// way to JSON) and strconv's 'g' (how a float map key becomes a string).
enum GoFloat {
    /// The shortest decimal digits that round-trip, with the decimal point's position: 1234.5 is
    /// ("12345", 4), 0.001 is ("1", -2).
    static func shortest(_ text: String) -> (negative: Bool, digits: [UInt8], point: Int) {
        var s = Substring(text), negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(s[s.index(after: e)...]) ?? 0
            s = s[..<e]
        }
        var digits: [UInt8] = [], point = 0, seenPoint = false
        for c in s.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { point += 1 }
        }
        // Strip leading zeros (moving the point) and trailing zeros.
        while digits.first == UInt8(ascii: "0") && digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.last == UInt8(ascii: "0") && digits.count > 1 { digits.removeLast() }
        if digits == [UInt8(ascii: "0")] { return (negative, digits, 1) }
        return (negative, digits, point + exponent)
    }

    /// encoding/json: 'f' within [1e-6, 1e21), else 'e' with the exponent's leading zero dropped.
    static func json(_ value: Double) -> String {
        let (negative, digits, point) = shortest("\(value)")
        let magnitude = abs(value)
        let text =
            magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)
            ? exponent(digits, point, minDigits: 1) : fixed(digits, point)
        return (negative ? "-" : "") + text
    }

    /// strconv.FormatFloat(v, 'g', -1, bits) (and `%v`) from the shortest digits Swift prints for the value
    /// (`"\(double)"`, or `"\(Float(x))"` for 32 bits): exponent form when the exponent is below -4 or at
    /// least 6, with two exponent digits at least.
    static func g(_ text: String) -> String {
        let (negative, digits, point) = shortest(text)
        let exp = point - 1
        let body = exp < -4 || exp >= 6 ? exponent(digits, point, minDigits: 2) : fixed(digits, point)
        return (negative ? "-" : "") + body
    }

    static func fixed(_ digits: [UInt8], _ point: Int) -> String {
        var out = ""
        if point <= 0 {
            out = "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
        } else if point >= digits.count {
            out = String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: point - digits.count)
        } else {
            out =
                String(decoding: digits[..<point], as: UTF8.self) + "."
                + String(decoding: digits[point...], as: UTF8.self)
        }
        return out
    }

    static func exponent(_ digits: [UInt8], _ point: Int, minDigits: Int) -> String {
        var out = String(UnicodeScalar(digits[0]))
        if digits.count > 1 { out += "." + String(decoding: digits[1...], as: UTF8.self) }
        let exp = point - 1
        let magnitude = String(abs(exp))
        return out + "e" + (exp < 0 ? "-" : "+") + String(repeating: "0", count: max(0, minDigits - magnitude.count))
            + magnitude
    }
}
