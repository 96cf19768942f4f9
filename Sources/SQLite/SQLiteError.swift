import CSQLite

/// A failed SQLite call: the extended result code, SQLite's message and the SQL being run.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code (e.g. 2067, `SQLITE_CONSTRAINT_UNIQUE`).
    public let code: Int32
    /// The text of `sqlite3_errmsg` (or `sqlite3_errstr` when there is no connection).
    public let message: String
    /// The SQL that failed, when the failure came from a statement.
    public let sql: String?
    /// The byte offset in `sql` that SQLite blames, when it gives one (`sqlite3_error_offset`).
    public let offset: Int?
    /// The operating system's errno behind an I/O failure (`sqlite3_system_errno`), 0 when none,
    /// e.g. ENOSPC when a write or the opening of the WAL failed because the disk is full.
    public let systemErrno: Int32

    public init(code: Int32, message: String, sql: String? = nil, offset: Int? = nil, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.sql = sql
        self.offset = offset
        self.systemErrno = systemErrno
    }

    /// The primary result code (the low byte of the extended code), e.g. 19 for every constraint failure.
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        // One line, whatever the layout of the SQL: messages end up in one-line error reports.
        if let sql {
            text += " - while executing `\(sql.split(whereSeparator: \.isWhitespace).joined(separator: " "))`"
        }
        return text
    }
}

extension SQLiteError {
    /// The error SQLite reports on `database` for the failed call that returned `code`.
    init(database: OpaquePointer?, code: Int32, sql: String? = nil) {
        let extended = database.map { sqlite3_extended_errcode($0) } ?? code
        // The connection's extended code and message describe the latest failure only if its code matches:
        // sqlite3_backup_step() returns its error without recording it on the destination, whose message
        // then still reads "not an error".
        let recorded = (extended & 0xFF) == (code & 0xFF)
        let resolved = recorded ? extended : code
        let message =
            (recorded ? database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } : nil)
            ?? String(cString: sqlite3_errstr(code))
        let offset = database.map { sqlite3_error_offset($0) } ?? -1
        self.init(
            code: resolved, message: message, sql: sql, offset: offset >= 0 ? Int(offset) : nil,
            systemErrno: database.map { sqlite3_system_errno($0) } ?? 0)
    }
}
