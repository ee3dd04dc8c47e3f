/// One line of a token or basic-auth file: `secret,user,uid[,"group1,group2"]`.
///
/// Its description and mirror show the secret's fingerprint, never the secret, so printing or dumping
/// a record cannot leak it.
public struct CredentialRecord: Sendable, Equatable {
    /// The token (token file) or password (basic-auth file).
    public var secret: String
    public var user: String
    public var uid: String
    public var groups: [String]
    /// The 1-based line the record starts on; 0 for a record not read from a file.
    public var line: Int

    public init(secret: String, user: String, uid: String, groups: [String] = [], line: Int = 0) {
        self.secret = secret
        self.user = user
        self.uid = uid
        self.groups = groups
        self.line = line
    }

    public var userInfo: UserInfo { UserInfo(name: user, uid: uid, groups: groups) }
}

extension CredentialRecord: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "CredentialRecord(secret: \(Fingerprint.of(secret)), user: \(user), uid: \(uid), groups: \(groups), line: \(line))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "fingerprint": Fingerprint.of(secret), "user": user, "uid": uid,
                "groups": groups, "line": line,
            ])
    }
}

/// Why a credential file was refused (`file:line: message`; line 0: the file as a whole).
public typealias CredentialFileError = FileLineError

/// kube-apiserver's `--token-auth-file`: `token,user,uid[,"group1,group2"]`.
public enum TokenFile {
    public static func parse(_ contents: String, file: String) throws(CredentialFileError) -> [CredentialRecord] {
        try CredentialFormat.token.parse(Array(contents.utf8), file: file)
    }

    public static func load(path: String) throws(CredentialFileError) -> [CredentialRecord] {
        try CredentialFormat.token.load(path: path).records
    }

    /// One line per record; `parse` gives the same records back (groups with commas cannot exist).
    public static func render(_ records: [CredentialRecord]) -> String {
        CredentialFormat.render(records)
    }
}

/// kube-apiserver's old `--basic-auth-file`: `password,user,uid[,"group1,group2"]`.
public enum BasicAuthFile {
    public static func parse(_ contents: String, file: String) throws(CredentialFileError) -> [CredentialRecord] {
        try CredentialFormat.basicAuth.parse(Array(contents.utf8), file: file)
    }

    public static func load(path: String) throws(CredentialFileError) -> [CredentialRecord] {
        try CredentialFormat.basicAuth.load(path: path).records
    }

    public static func render(_ records: [CredentialRecord]) -> String {
        CredentialFormat.render(records)
    }
}

/// What the two files share, and the one rule where they differ: what must be unique.
///
/// Format, as kube-apiserver's tokenfile.go and passwordfile.go read it (Go `encoding/csv`, see
/// `CSVReader`): at least 3 columns; the 4th, if present, is the group list split on commas; further
/// columns are ignored. There are no comments: a `#` line is a record like any other (and, having
/// one column, is refused).
///
/// Where kube-apiserver only logs a warning, we refuse the file with its line, because what it warns
/// about silently shadows or drops a credential:
/// - an empty secret (kube skips the line) — and an empty user name (kube accepts it);
/// - a repeated token in a token file (kube: the last line wins, so the earlier user silently loses
///   the token and rotation could not tell whose token a digest was);
/// - a repeated user in a basic-auth file (kube: the last password wins).
/// A user with several lines in a token file is fine, as in kube: one user may hold several tokens.
///
/// Group lists: empty entries are dropped (kube's `strings.Split("", ",")` would give the group "").
enum CredentialFormat {
    case token
    case basicAuth

    private var secretName: String { self == .token ? "token" : "password" }
    private var fileName: String { self == .token ? "token file" : "basic-auth file" }

    func load(path: String) throws(CredentialFileError) -> (records: [CredentialRecord], identity: FileIdentity) {
        let contents: FileContents
        do throws(FileReadError) {
            contents = try FileContents.read(path: path)
        } catch {
            throw CredentialFileError(file: path, line: 0, message: "cannot read \(fileName): \(error.message)")
        }
        return (try parse(contents.bytes, file: path), contents.identity)
    }

    func parse(_ bytes: [UInt8], file: String) throws(CredentialFileError) -> [CredentialRecord] {
        let rows: [CSVRecord]
        do throws(CSVSyntaxError) {
            rows = try CSVReader.records(bytes)
        } catch {
            throw CredentialFileError(file: file, line: error.line, message: error.message)
        }

        var records: [CredentialRecord] = []
        var firstLine: [String: Int] = [:]  // token digest's hex or user name → line
        for row in rows {
            let record = try self.record(row, file: file)
            let key = self == .token ? Fingerprint.sha256Hex(Array(record.secret.utf8)) : record.user
            if let earlier = firstLine[key] {
                let what =
                    self == .token
                    ? "token (fingerprint \(Fingerprint.of(record.secret))) repeats the one on line \(earlier)"
                    : "user \"\(record.user)\" already has a password on line \(earlier)"
                throw CredentialFileError(file: file, line: row.line, message: what)
            }
            firstLine[key] = row.line
            records.append(record)
        }
        return records
    }

    private func record(_ row: CSVRecord, file: String) throws(CredentialFileError) -> CredentialRecord {
        let fields = row.fields
        func refuse(_ message: String) -> CredentialFileError {
            CredentialFileError(file: file, line: row.line, message: message)
        }
        guard fields.count >= 3 else {
            var message =
                "\(fileName) must have at least 3 columns (\(secretName), user name, user uid), found \(fields.count)"
            if fields[0].hasPrefix("#") { message += "; the format has no comments" }
            throw refuse(message)
        }
        guard !fields[0].isEmpty else { throw refuse("empty \(secretName)") }
        guard !fields[1].isEmpty else { throw refuse("empty user name") }
        let groups = fields.count >= 4 ? fields[3].split(separator: ",").map(String.init) : []
        return CredentialRecord(secret: fields[0], user: fields[1], uid: fields[2], groups: groups, line: row.line)
    }

    /// The group list is always quoted, the way kube's documentation writes it.
    static func render(_ records: [CredentialRecord]) -> String {
        var out = ""
        for record in records {
            var fields = [CSVWriter.field(record.secret), CSVWriter.field(record.user), CSVWriter.field(record.uid)]
            if !record.groups.isEmpty {
                fields.append(CSVWriter.field(record.groups.joined(separator: ","), alwaysQuote: true))
            }
            out += CSVWriter.line(fields)
        }
        return out
    }
}
