import CSQLite

/// The durable history, kine-style: one append-only row per write, keyed by its revision, holding the
/// object's final bytes and metadata; a deletion is a row too (a tombstone). The current state is the
/// latest row per key; compaction removes rows no watch or list can reach any more.
final class HistoryTable {
    static let schema = """
        CREATE TABLE IF NOT EXISTS history (
            revision  INTEGER PRIMARY KEY,  -- the write's revision: the object's resourceVersion
            resource  TEXT    NOT NULL,
            namespace TEXT    NOT NULL,
            name      TEXT    NOT NULL,
            created   INTEGER NOT NULL,     -- the revision that created the object
            previous  INTEGER NOT NULL,     -- the row this write superseded; 0 for a creation
            deleted   INTEGER NOT NULL,
            uid       TEXT    NOT NULL,
            labels    BLOB    NOT NULL,
            fields    BLOB    NOT NULL,
            value     BLOB    NOT NULL
        );
        -- Latest row per key (recovery) and a key's rows (compaction).
        CREATE INDEX IF NOT EXISTS history_key ON history (resource, namespace, name, revision);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """
    private static let columns = "revision, resource, namespace, name, created, previous, deleted, uid, labels, fields, value"

    let db: SQLiteConnection
    private let begin, commit, rollback, insert: SQLiteStatement

    init(path: String) throws(StoreError) {
        db = try SQLiteConnection(path: path)
        // WAL: one fsync of the log per commit. FULL: that fsync happens before COMMIT returns, so a
        // write acknowledged after its commit survives power loss, not just a crash of this process.
        guard try db.text("PRAGMA journal_mode=WAL") == "wal" else { throw .storage("\(path): cannot use WAL journal mode") }
        try db.execute("PRAGMA synchronous=FULL")
        try db.execute(Self.schema)
        begin = try db.prepare("BEGIN IMMEDIATE")
        commit = try db.prepare("COMMIT")
        rollback = try db.prepare("ROLLBACK")
        insert = try db.prepare("INSERT INTO history (\(Self.columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
    }

    /// Appends the events in one transaction: one WAL fsync however many there are.
    func append(_ events: [StoreEvent]) throws(StoreError) {
        try transaction { () throws(StoreError) in
            for event in events {
                let object = event.object
                insert.bind(1, object.modRevision)
                insert.bind(2, object.key.resource)
                insert.bind(3, object.key.namespace)
                insert.bind(4, object.key.name)
                insert.bind(5, object.createRevision)
                insert.bind(6, event.previous?.modRevision ?? 0)
                insert.bind(7, event.kind == .deleted ? 1 : 0)
                insert.bind(8, object.uid)
                insert.bind(9, StringMapCoding.encode(object.labels))
                insert.bind(10, StringMapCoding.encode(object.fields))
                insert.bind(11, object.value)
                try insert.run()
            }
        }
    }

    /// Compacts to `revision` as etcd does: for each key written in (`previous`, `revision`], only its
    /// latest row at or before `revision` stays, and not even that if it is a tombstone. Rows after
    /// `revision` stay, and so does every row they name as `previous`. Returns the rows removed.
    func compact(through revision: Int64, after previous: Int64) throws(StoreError) -> Int {
        var removed = 0
        try transaction { () throws(StoreError) in
            let delete = try db.prepare("""
                DELETE FROM history WHERE revision IN (
                    SELECT h.revision FROM history h
                    JOIN (SELECT resource, namespace, name, MAX(revision) AS latest FROM history
                          WHERE revision > ?1 AND revision <= ?2 GROUP BY resource, namespace, name) k
                      ON h.resource = k.resource AND h.namespace = k.namespace AND h.name = k.name
                    WHERE h.revision < k.latest OR (h.revision = k.latest AND h.deleted = 1))
                """)
            delete.bind(1, previous)
            delete.bind(2, revision)
            try delete.run()
            removed = Int(sqlite3_changes(db.handle))
            let mark = try db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('compacted', ?1)")
            mark.bind(1, revision)
            try mark.run()
        }
        return removed
    }

    private func transaction(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        try begin.run()
        do {
            try body()
            try commit.run()
        } catch {
            try? rollback.run()
            throw error
        }
    }

    // MARK: - Recovery

    struct Recovered {
        var objects: [StoredObject] = []
        var history: [StoreEvent] = []
        /// The history holds every event after this revision.
        var historyStartsAfter: Int64 = 0
        var revision: Int64 = 0
        var compacted: Int64 = 0
    }

    /// Everything committed: the live objects (latest row per key), the current revision and the last
    /// `window` events, so watches resume across a restart.
    func recover(window: Int) throws(StoreError) -> Recovered {
        var recovered = Recovered()
        recovered.compacted = try db.integer("SELECT value FROM meta WHERE name = 'compacted'") ?? 0
        // A compacted tombstone may have been the newest row: the mark keeps the revision from going back.
        recovered.revision = max(try db.integer("SELECT MAX(revision) FROM history") ?? 0, recovered.compacted)

        let latest = try db.prepare("""
            SELECT \(Self.columns) FROM history WHERE revision IN
                (SELECT MAX(revision) FROM history GROUP BY resource, namespace, name) AND deleted = 0
            """)
        while try latest.step() { recovered.objects.append(Self.object(latest)) }

        recovered.historyStartsAfter = max(recovered.compacted, recovered.revision - Int64(window))
        let tail = try db.prepare("SELECT \(Self.columns) FROM history WHERE revision > ?1 ORDER BY revision")
        tail.bind(1, recovered.historyStartsAfter)
        var lastSeen: [ObjectKey: StoredObject] = [:]
        while try tail.step() {
            let object = Self.object(tail)
            let deleted = tail.int64(6) != 0, previousRevision = tail.int64(5)
            let kind: StoreEvent.Kind = deleted ? .deleted : (object.createRevision == object.modRevision ? .added : .modified)
            var previous: StoredObject?
            if kind != .added {
                previous = lastSeen[object.key]
                if previous == nil { previous = try row(at: previousRevision) }
            }
            recovered.history.append(StoreEvent(kind: kind, object: object, previous: previous))
            lastSeen[object.key] = deleted ? nil : object
        }
        return recovered
    }

    private func row(at revision: Int64) throws(StoreError) -> StoredObject? {
        let statement = try db.prepare("SELECT \(Self.columns) FROM history WHERE revision = ?1")
        statement.bind(1, revision)
        guard try statement.step() else { return nil }
        defer { statement.reset() }
        return Self.object(statement)
    }

    private static func object(_ row: SQLiteStatement) -> StoredObject {
        StoredObject(key: ObjectKey(resource: row.text(1), namespace: row.text(2), name: row.text(3)), uid: row.text(7),
                     labels: StringMapCoding.decode(row.blob(8)), fields: StringMapCoding.decode(row.blob(9)),
                     value: row.blob(10), createRevision: row.int64(4), modRevision: row.int64(0))
    }
}
