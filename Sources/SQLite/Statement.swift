import CSQLite

/// A prepared statement. Owned by one connection and used on one thread; finalized when released.
public final class Statement {
    let handle: OpaquePointer
    /// The connection's handle, for error messages (`sqlite3_errmsg` is per connection).
    let database: OpaquePointer
    /// The SQL text as prepared.
    public let sql: String
    /// The number of parameters (the largest index of `?NNN`, `:name`…).
    public let parameterCount: Int
    /// One buffer per parameter that bound text is copied into, so that SQLite can use it in place
    /// (`SQLITE_STATIC`) rather than allocate and free a copy of its own at every bind (`SQLITE_TRANSIENT`).
    /// A buffer is rewritten only by the next bind of its parameter, and freed after `sqlite3_finalize`.
    private var textBuffers: [UnsafeMutableRawBufferPointer?]
    /// Longer text is bound as a transient copy, so a cached statement never holds large buffers.
    static let bufferedTextLimit = 1024

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
        self.parameterCount = Int(sqlite3_bind_parameter_count(statement))
        self.textBuffers = Array(repeating: nil, count: parameterCount)
    }

    deinit {
        sqlite3_finalize(handle)
        for buffer in textBuffers { buffer?.deallocate() }
    }

    /// Binds UTF-8 `bytes` (an explicit count keeps embedded NULs) to the 1-based parameter `index`.
    func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
        let slot = Int(index) - 1
        // A statement mid-run may still read the bound bytes: SQLite refuses to bind then (SQLITE_MISUSE),
        // so its buffer must not be overwritten first.
        guard let source = bytes.baseAddress, bytes.count <= Self.bufferedTextLimit, textBuffers.indices.contains(slot),
            sqlite3_stmt_busy(handle) == 0
        else {
            // Out-of-range indexes reach SQLite, which reports SQLITE_RANGE; a null pointer would bind NULL,
            // so the empty string is bound from a literal.
            let code =
                bytes.baseAddress.map {
                    sqlite3_bind_text64(handle, index, $0, UInt64(bytes.count), transientDestructor, UInt8(SQLITE_UTF8))
                } ?? sqlite3_bind_text(handle, index, "", 0, transientDestructor)
            return try check(code)
        }
        var buffer = textBuffers[slot]
        if buffer == nil || buffer!.count < bytes.count {
            // The old buffer may still be bound; nothing reads it before this parameter is bound again below.
            buffer?.deallocate()
            buffer = .allocate(byteCount: max(bytes.count, 64), alignment: 1)
            textBuffers[slot] = buffer
        }
        let target = buffer!.baseAddress!
        target.copyMemory(from: source, byteCount: bytes.count)
        // A nil destructor is SQLITE_STATIC: SQLite reads the bytes in place until the next bind or finalize.
        try check(
            sqlite3_bind_text64(
                handle, index, target.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), nil,
                UInt8(SQLITE_UTF8)))
    }

    /// Resets the statement so it can run again, and clears its bindings.
    public func reset() {
        // The result code of reset repeats the last step's error, which step already reported.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Resets, then binds `values` to parameters 1, 2, … in order.
    @discardableResult
    public func bind(_ values: [(any SQLBindable)?]) throws -> Statement {
        prepareToBind(count: values.count)
        for index in values.indices {
            let position = Int32(index + 1)
            // Optional chaining binds the element in place; `if let` would copy the existential box out.
            if try values[index]?.bind(to: self, at: position) == nil {
                try check(sqlite3_bind_null(handle, position))
            }
        }
        return self
    }

    /// Resets before binding `count` values to parameters 1, 2, … in order.
    private func prepareToBind(count: Int) {
        sqlite3_reset(handle)
        // Binding every parameter replaces all the previous values and lets SQLite reuse their buffers;
        // clearing (which frees them) is needed only when some parameter would keep a previous value.
        if count < parameterCount { sqlite3_clear_bindings(handle) }
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

    /// Binds `values` to parameters 1, 2, … in order and runs the statement to completion, ignoring any
    /// rows: the typed form of `run(_:)` for hot loops, with no array and no existential boxes to build.
    ///
    ///     try insert.run(binding: uid, itemID, occurredAt, Optional<String>.none)
    public func run<each Value: SQLBindable>(binding values: repeat each Value) throws {
        var count = 0
        for _ in repeat each values { count += 1 }
        prepareToBind(count: count)
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            try value.bind(to: self, at: index)
        }
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

    func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw SQLiteError(database: database, code: code, sql: sql) }
    }
}

@available(*, unavailable, message: "a statement belongs to the thread of its connection")
extension Statement: Sendable {}
