import CSQLite

/// A prepared statement. Owned by one connection and used on one thread; finalized when released.
public final class Statement {
    let handle: OpaquePointer
    /// The connection's handle, for error messages (`sqlite3_errmsg` is per connection).
    let database: OpaquePointer
    /// The SQL text as prepared.
    public let sql: String

    init(database: OpaquePointer, sql: String, persistent: Bool) throws {
        var statement: OpaquePointer?
        // SQLITE_PREPARE_PERSISTENT hints that the statement lives long (cached), so SQLite
        // allocates it outside the lookaside pool.
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw SQLiteError(database: database, code: code, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement so it can run again, and clears its bindings.
    public func reset() {
        // The result code of reset repeats the last step's error, which step already reported.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Resets, then binds `values` to parameters 1, 2, … in order.
    @discardableResult
    public func bind(_ values: [(any SQLBindable)?]) throws -> Statement {
        reset()
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
        return self
    }

    /// Resets, then binds each value to the parameter of that name (`:name`, `@name` or `$name`).
    @discardableResult
    public func bind(named values: [String: (any SQLBindable)?]) throws -> Statement {
        reset()
        for (name, value) in values {
            let index = sqlite3_bind_parameter_index(handle, name)
            guard index > 0 else {
                throw SQLiteError(code: SQLITE_RANGE, message: "no parameter named \(name)", sql: sql)
            }
            try bind(value, at: index)
        }
        return self
    }

    /// Binds one value (nil binds NULL) to the 1-based parameter `index`.
    public func bind(_ value: (any SQLBindable)?, at index: Int32) throws {
        if let value {
            try value.bind(to: self, at: index)
        } else {
            try check(sqlite3_bind_null(handle, index))
        }
    }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(database: database, code: code, sql: sql)
        }
    }

    /// Binds `values` and runs the statement to completion, ignoring any rows.
    public func run(_ values: [(any SQLBindable)?] = []) throws {
        try bind(values)
        while try step() {}
    }

    /// Binds `values`, runs the statement and maps every row.
    public func rows<T>(_ values: [(any SQLBindable)?] = [], _ transform: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        var result: [T] = []
        while try step() { result.append(try transform(self)) }
        return result
    }

    /// Binds `values`, runs the statement and maps the first row, if any.
    public func firstRow<T>(_ values: [(any SQLBindable)?] = [], _ transform: (Statement) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        return try step() ? transform(self) : nil
    }

    /// The value of column `index` (0-based) of the current row, typed by the caller.
    public func column<T: SQLColumnReadable>(_ index: Int32, as type: T.Type = T.self) -> T {
        T.read(from: self, at: index)
    }

    /// The number of result columns.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of result column `index`.
    public func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw SQLiteError(database: database, code: code, sql: sql) }
    }
}

@available(*, unavailable, message: "a statement belongs to the thread of its connection")
extension Statement: Sendable {}
