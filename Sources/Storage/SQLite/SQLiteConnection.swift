import CSQLite

/// A thin wrapper over one sqlite3 connection. Confined to one thread at a time (opened with
/// SQLITE_OPEN_NOMUTEX): the writer thread owns the store's connection.
final class SQLiteConnection {
    /// How long a statement waits for a lock another process holds on the database (an operator's sqlite3
    /// shell, a backup) before it fails, and the request with it (500). Longer than any such lock should
    /// last, shorter than a client's patience.
    static let busyTimeoutMilliseconds: Int32 = 30_000

    let handle: OpaquePointer

    init(path: String, readOnly: Bool = false) throws(StoreError) {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(db)
            throw .storage("open \(path): \(message)")
        }
        handle = db
        // Another connection may hold a lock for a while; wait rather than fail.
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw .storage("\(message) (in \(sql.prefix(60)))")
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else {
            throw .storage("\(lastError) (preparing \(sql.prefix(60)))")
        }
        return SQLiteStatement(statement, connection: self)
    }

    /// The first column of the first row of `sql`, as an integer (PRAGMAs, counts, maxima).
    func integer(_ sql: String) throws(StoreError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    func text(_ sql: String) throws(StoreError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.text(0)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement, reset after each use so it can be reused for the connection's lifetime.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection

    init(_ statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(statement, index, value) }
    func bind(_ index: Int32, _ value: String) { sqlite3_bind_text(statement, index, value, -1, kc_sqlite_transient()) }
    func bind(_ index: Int32, _ value: [UInt8]) {
        // SQLite turns a NULL pointer into SQL NULL even for zero bytes; keep empty values as empty blobs.
        if value.isEmpty { sqlite3_bind_zeroblob(statement, index, 0); return }
        value.withUnsafeBytes {
            _ = sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), kc_sqlite_transient())
        }
    }

    /// Advances; true when a row is available. Resets the statement when done or on error.
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            reset()
            return false
        default:
            let message = connection.lastError
            reset()
            throw .storage(message)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(StoreError) {
        while try step() {}
    }

    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func text(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: text)
    }
    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
