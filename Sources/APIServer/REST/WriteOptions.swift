import HTTP
import KubeAPI

/// The options every write takes from its query (CreateOptions, UpdateOptions, PatchOptions,
/// DeleteOptions): who the field manager is, whether it is a dry run, whether an apply is forced, checked
/// as kube-apiserver's ValidateCreateOptions/ValidateUpdateOptions/ValidatePatchOptions check them.
struct WriteOptions {
    /// `fieldManager`, or the User-Agent's product (kubectl's "kubectl/v1.32.0 ..." is "kubectl").
    let manager: String
    /// `dryRun=All`: everything is done and answered, nothing stored.
    let dryRun: Bool
    /// `force`, nil when absent.
    let force: Bool?

    /// kube's FieldManagerMaxLength.
    static let maxManagerLength = 128

    /// Reads and checks the options of `r`; `kind` names them in errors (`PatchOptions`). `isApply` makes
    /// `fieldManager` required and allows `force`.
    init(_ r: RESTRequest, _ exchange: Exchange, kind: String, isApply: Bool = false) throws {
        let sentManager = r.option("fieldManager") ?? ""
        let dryRunValues = URLDecoding.queryValues(r.query, key: "dryRun")
        let forceText = r.option("force")
        var problems: [FieldError] = []
        if !isApply, forceText != nil {
            problems.append(
                FieldError(kind: .forbidden, field: "force", detail: "may not be specified for non-apply patch"))
        }
        if isApply, sentManager.isEmpty {
            problems.append(FieldError(kind: .required, field: "fieldManager", detail: "is required for apply patch"))
        }
        // ValidateFieldManager: the length in bytes, then each character that is not printable, at its byte
        // position.
        if sentManager.utf8.count > Self.maxManagerLength {
            problems.append(
                FieldError(
                    kind: .tooLong, field: "fieldManager", detail: "may not be more than \(Self.maxManagerLength) bytes"
                ))
        }
        var position = 0
        for scalar in sentManager.unicodeScalars {
            if !GoQuote.isPrintable(scalar) {
                problems.append(
                    FieldError(
                        kind: .invalid, field: "fieldManager",
                        detail: "invalid character \(Self.goRune(scalar)) (at position \(position))", value: sentManager
                    ))
            }
            position += String(scalar).utf8.count
        }
        var dryRunProblem: String?
        if dryRunValues.contains(where: { $0 != "All" }) {
            dryRunProblem =
                "dryRun: Unsupported value: []string{" + dryRunValues.map(GoQuote.quote).joined(separator: ", ")
                + #"}: supported values: "All""#
        }
        if !problems.isEmpty || dryRunProblem != nil {
            let messages = problems.map(\.message) + (dryRunProblem.map { [$0] } ?? [])
            let list = messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
            var status = StatusError(
                code: 422, reason: "Invalid", message: "\(kind).meta.k8s.io \"\" is invalid: \(list)",
                details: ("", "meta.k8s.io", kind))
            status.causes = problems.map {
                ($0.kind.rawValue, String($0.message.dropFirst($0.field.count + 2)), $0.field)
            }
            if let dryRunProblem {
                status.causes.append(
                    ("FieldValueNotSupported", String(dryRunProblem.dropFirst("dryRun: ".count)), "dryRun"))
            }
            throw status
        }
        manager = sentManager.isEmpty ? Self.product(of: exchange.request.headers["user-agent"] ?? "") : sentManager
        dryRun = !dryRunValues.isEmpty
        force = forceText.map { ["1", "t", "T", "true", "TRUE", "True"].contains($0) }
    }

    /// prefixFromUserAgent: the User-Agent up to its first "/", printable characters only, at most 128 bytes.
    static func product(of userAgent: String) -> String {
        var out = ""
        for scalar in (userAgent.split(separator: "/", omittingEmptySubsequences: false).first ?? "").unicodeScalars
        where GoQuote.isPrintable(scalar) {
            guard out.utf8.count + String(scalar).utf8.count <= maxManagerLength else { break }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// `%#U` of a rune: `U+0007`.
    static func goRune(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
