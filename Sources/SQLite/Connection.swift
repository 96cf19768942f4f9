import CSQLite

/// One open SQLite database. Owned by one command and used on one thread; closed when released.
public final class Connection {
    /// How a connection opens its file.
    public enum OpenMode: Sendable {
        /// Reads only; fails when the file does not exist.
        case readOnly
        /// Reads and writes; fails when the file does not exist.
        case readWrite
        /// Reads and writes, creating an empty database when the file does not exist.
        case create
        /// Reads a file that nothing changes while it is open, without locks and without creating `-wal` or
        /// `-shm` files (URI parameter `immutable=1`, https://sqlite.org/uri.html#uriimmutable): for a
        /// WAL database in a folder this process cannot write. A `-wal` file next to it would be ignored.
        case immutable
    }

    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Takes the write lock at once, so a concurrent writer waits (busy timeout) at BEGIN
        /// instead of failing later with SQLITE_BUSY when a read transaction tries to upgrade.
        case immediate = "IMMEDIATE"
        case deferred = "DEFERRED"
        case exclusive = "EXCLUSIVE"
    }

    let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String
    private var statementCache: [String: Statement] = [:]
    private var savepointDepth = 0

    /// Opens `path`.
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock, in seconds.
    /// - Throws: `SQLiteError` with SQLite's code, e.g. 14 (`SQLITE_CANTOPEN`) for a missing file.
    public init(path: String, mode: OpenMode = .create, busyTimeout: Double = 5) throws {
        var flags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .immutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        }
        var database: OpaquePointer?
        let name = mode == .immutable ? Self.uri(path, "immutable=1") : path
        let code = sqlite3_open_v2(name, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let error = SQLiteError(database: database, code: code)
            // sqlite3_open_v2 allocates a handle even when it fails; it must still be closed.
            sqlite3_close_v2(database)
            throw error
        }
        self.handle = database
        self.path = path
        sqlite3_extended_result_codes(database, 1)
        sqlite3_busy_timeout(database, Int32((busyTimeout * 1000).rounded()))
        // Double-quoted strings are identifiers only: "name" never silently becomes a string literal.
        _ = flarelog_db_config_int(database, SQLITE_DBCONFIG_DQS_DDL, 0)
        _ = flarelog_db_config_int(database, SQLITE_DBCONFIG_DQS_DML, 0)
        _ = flarelog_db_config_int(database, SQLITE_DBCONFIG_ENABLE_FKEY, 1)
    }

    /// Opens an empty private in-memory database whose file image SQLite keeps in `image`, a buffer the caller
    /// owns, keeps valid and leaves alone until the connection is released. The database can grow to the
    /// buffer's size and no further: a write beyond it fails with SQLITE_FULL (`sqlite3_deserialize` without
    /// `SQLITE_DESERIALIZE_RESIZEABLE`, https://sqlite.org/c3ref/deserialize.html).
    public convenience init(image: UnsafeMutableRawBufferPointer) throws {
        try self.init(path: ":memory:")
        let code = sqlite3_deserialize(
            handle, "main", image.baseAddress?.assumingMemoryBound(to: UInt8.self), 0, Int64(image.count), 0)
        guard code == SQLITE_OK else { throw SQLiteError(database: handle, code: code) }
    }

    /// Opens the whole database file image in `image` read-only, in memory: a database that must not touch the
    /// disk (a decrypted backup). The buffer must stay valid until the connection is released.
    public convenience init(readingImage image: UnsafeMutableRawBufferPointer) throws {
        try self.init(path: ":memory:")
        let code = sqlite3_deserialize(
            handle, "main", image.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(image.count),
            Int64(image.count), UInt32(SQLITE_DESERIALIZE_READONLY))
        guard code == SQLITE_OK else { throw SQLiteError(database: handle, code: code) }
    }

    /// A `file:` URI for `path` with `query`, escaping what a URI gives a meaning to.
    static func uri(_ path: String, _ query: String) -> String {
        var text = "file:"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x20, 0x7F...:
                text += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            default:
                text.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return text + "?" + query
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters and return no rows of interest.
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteError(database: handle, code: code, sql: sql) }
    }

    /// Prepares `sql` once and keeps it for the life of the connection.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(database: handle, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Prepares `sql` for one-off use.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: handle, sql: sql, persistent: false)
    }

    /// Runs `sql` (cached) with `values` bound in order.
    public func run(_ sql: String, _ values: [(any SQLBindable)?] = []) throws {
        try withCachedStatement(sql) { try $0.run(values) }
    }

    /// Runs `sql` (cached) and maps every row.
    public func rows<T>(_ sql: String, _ values: [(any SQLBindable)?] = [], _ transform: (Statement) throws -> T)
        throws -> [T]
    {
        try withCachedStatement(sql) { try $0.rows(values, transform) }
    }

    /// Runs `sql` (cached) and maps its first row, if any.
    public func firstRow<T>(_ sql: String, _ values: [(any SQLBindable)?] = [], _ transform: (Statement) throws -> T)
        throws -> T?
    {
        try withCachedStatement(sql) { try $0.firstRow(values, transform) }
    }

    /// The first column of the first row of `sql`, if any.
    public func scalar<T: SQLColumnReadable>(
        _ sql: String, _ values: [(any SQLBindable)?] = [], as type: T.Type = T.self
    )
        throws -> T?
    {
        try firstRow(sql, values) { $0.column(0, as: T.self) }
    }

    private func withCachedStatement<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        let statement = try cachedStatement(sql)
        do {
            let result = try body(statement)
            statement.reset()
            return result
        } catch {
            // A statement whose step failed may be left in a state not worth reusing.
            statementCache[sql] = nil
            throw error
        }
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    /// Inside another transaction, `body` runs in a savepoint instead, so nested work can fail alone.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if !isAutocommit { return try savepoint(body) }
        try execute("BEGIN \(kind.rawValue)")
        let result: T
        do {
            result = try body()
        } catch {
            rollbackIfStillOpen()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollbackIfStillOpen()
            throw error
        }
        return result
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "flarelog_sp\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            if !isAutocommit { try? execute("ROLLBACK TO \(name); RELEASE \(name)") }
            throw error
        }
    }

    /// Rolls back unless SQLite already did: after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY,
    /// SQLITE_NOMEM) it rolls the transaction back by itself (https://sqlite.org/lang_transaction.html).
    private func rollbackIfStillOpen() {
        if !isAutocommit { try? execute("ROLLBACK") }
    }

    /// True when the file could only be opened for reading (e.g. no write permission), whatever the mode asked.
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// True outside an explicit transaction.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Rows changed by the latest INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the latest successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// `PRAGMA application_id`: the 32-bit number that says which application a file belongs to.
    public var applicationID: Int32 {
        get throws { try scalar("PRAGMA application_id", as: Int32.self) ?? 0 }
    }

    /// `PRAGMA user_version`, used as the schema version (transactional, unlike most pragmas).
    public var userVersion: Int32 {
        get throws { try scalar("PRAGMA user_version", as: Int32.self) ?? 0 }
    }

    /// Sets `PRAGMA user_version` (pragmas take no parameters, hence the integer in the text).
    public func setUserVersion(_ version: Int32) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// `PRAGMA quick_check`: the problems found (empty when the file is sound).
    public func quickCheck() throws -> [String] {
        try checkProblems("PRAGMA quick_check")
    }

    /// `PRAGMA integrity_check`: slower than `quickCheck`, also verifies indexes against tables.
    public func integrityCheck() throws -> [String] {
        try checkProblems("PRAGMA integrity_check")
    }

    private func checkProblems(_ pragma: String) throws -> [String] {
        let lines = try prepare(pragma).rows { $0.column(0, as: String.self) }
        return lines == ["ok"] ? [] : lines
    }

    /// `PRAGMA foreign_key_check`: one line per row whose parent is missing.
    public func foreignKeyCheck() throws -> [String] {
        try prepare("PRAGMA foreign_key_check").rows { row in
            "\(row.column(0, as: String.self)) row \(row.column(1, as: Int64.self)) refers to a missing "
                + "\(row.column(2, as: String.self)) row"
        }
    }

    /// Switches to write-ahead logging with `synchronous = FULL`: readers and one writer work at once,
    /// and a committed transaction survives power loss (https://sqlite.org/pragma.html#pragma_synchronous).
    /// It writes to the file, so callers check that the file is theirs first.
    public func useWriteAheadLog() throws {
        let mode = try scalar("PRAGMA journal_mode = WAL", as: String.self)
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(
                code: SQLITE_ERROR, message: "cannot switch to WAL (journal mode is \(mode ?? "unknown"))")
        }
        try execute("PRAGMA synchronous = FULL")
    }

    /// The version of the SQLite library in use, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

@available(*, unavailable, message: "a connection belongs to the command that opened it")
extension Connection: Sendable {}
