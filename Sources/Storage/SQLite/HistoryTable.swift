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
        -- No index by key: inserts only append to the table's b-tree. An index on (resource, namespace,
        -- name) took one random leaf page per write, most of each commit's WAL bytes (and so of its fsync);
        -- compaction follows `previous` instead and recovery reads the table in order. Databases made
        -- with that index lose it here.
        DROP INDEX IF EXISTS history_key;
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """
    private static let columns =
        "revision, resource, namespace, name, created, previous, deleted, uid, labels, fields, value"

    let db: SQLiteConnection
    private let begin, commit, rollback, insert: SQLiteStatement
    private let deleteSuperseded, deleteTombstones, markCompacted: SQLiteStatement
    let checkpointer: Checkpointer

    init(path: String, checkpointThreshold: Int = Checkpointer.defaultThreshold) throws(StoreError) {
        db = try SQLiteConnection(path: path)
        // WAL: one fsync of the log per commit. FULL: that fsync happens before COMMIT returns, so a
        // write acknowledged after its commit survives power loss, not just a crash of this process.
        guard try db.text("PRAGMA journal_mode=WAL") == "wal" else {
            throw .storage("\(path): cannot use WAL journal mode")
        }
        try db.execute("PRAGMA synchronous=FULL")
        try db.execute(Self.schema)
        begin = try db.prepare("BEGIN IMMEDIATE")
        commit = try db.prepare("COMMIT")
        rollback = try db.prepare("ROLLBACK")
        insert = try db.prepare(
            "INSERT INTO history (\(Self.columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        // Each row names the one it superseded, so the rows a compaction range supersedes are found by
        // primary key, without an index by key.
        deleteSuperseded = try db.prepare(
            """
            DELETE FROM history WHERE revision IN
                (SELECT previous FROM history WHERE revision > ?1 AND revision <= ?2 AND previous != 0)
            """)
        deleteTombstones = try db.prepare("DELETE FROM history WHERE revision > ?1 AND revision <= ?2 AND deleted = 1")
        markCompacted = try db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('compacted', ?1)")
        checkpointer = Checkpointer(path: path, threshold: checkpointThreshold)
        try checkpointer.attach(to: db)
    }

    deinit {
        checkpointer.stop()  // first: closing the writer's connection, the last one, then empties the log
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
    ///
    /// A key's rows form a chain through `previous` (a creation starts one; a tombstone ends it), and
    /// every earlier compaction removed the rows superseded at or before its own revision. So the rows
    /// to remove now are exactly those superseded by a row in the range, plus the range's tombstones.
    func compact(through revision: Int64, after previous: Int64) throws(StoreError) -> Int {
        var removed = 0
        try transaction { () throws(StoreError) in
            for statement in [deleteSuperseded, deleteTombstones] {  // superseded first: tombstones name rows too
                statement.bind(1, previous)
                statement.bind(2, revision)
                try statement.run()
                removed += Int(sqlite3_changes(db.handle))
            }
            markCompacted.bind(1, revision)
            try markCompacted.run()
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
    /// `window` events, so watches resume across a restart. One pass over the table in revision order
    /// (its primary key): compaction keeps it to the live objects plus about one window of history.
    func recover(window: Int) throws(StoreError) -> Recovered {
        var recovered = Recovered()
        recovered.compacted = try db.integer("SELECT value FROM meta WHERE name = 'compacted'") ?? 0
        // A compacted tombstone may have been the newest row: the mark keeps the revision from going back.
        recovered.revision = max(try db.integer("SELECT MAX(revision) FROM history") ?? 0, recovered.compacted)
        recovered.historyStartsAfter = max(recovered.compacted, recovered.revision - Int64(window))

        var live: [ObjectKey: StoredObject] = [:]
        let rows = try db.prepare("SELECT \(Self.columns) FROM history ORDER BY revision")
        while try rows.step() {
            let object = Self.object(rows)
            let deleted = rows.int64(6) != 0
            // The row a write superseded is the key's latest row before it, which this pass has just seen.
            let previous = live[object.key]
            live[object.key] = deleted ? nil : object
            guard object.modRevision > recovered.historyStartsAfter else { continue }
            let kind: StoreEvent.Kind =
                deleted ? .deleted : (object.createRevision == object.modRevision ? .added : .modified)
            recovered.history.append(StoreEvent(kind: kind, object: object, previous: kind == .added ? nil : previous))
        }
        recovered.objects = Array(live.values)
        return recovered
    }

    private static func object(_ row: SQLiteStatement) -> StoredObject {
        StoredObject(
            key: ObjectKey(resource: row.text(1), namespace: row.text(2), name: row.text(3)), uid: row.text(7),
            labels: StringMapCoding.decode(row.blob(8)), fields: StringMapCoding.decode(row.blob(9)),
            value: row.blob(10), createRevision: row.int64(4), modRevision: row.int64(0))
    }
}
