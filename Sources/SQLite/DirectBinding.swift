import CSQLite

// Binding without an existential box or a String: for bulk inserts that bind millions of values read
// straight out of a file read into memory.
extension Statement {
    /// Binds UTF-8 `bytes` as text to the 1-based parameter `index` without copying them: SQLite reads them
    /// in place (`SQLITE_STATIC`), so they must stay valid and unchanged until the parameter is bound again,
    /// the bindings are cleared (`reset`), or the statement is finalized.
    public func bindTextInPlace(_ bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            try check(sqlite3_bind_text(handle, index, "", 0, transientDestructor))
            return
        }
        try check(
            sqlite3_bind_text64(
                handle, index, base.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), nil, UInt8(SQLITE_UTF8)))
    }

    /// Binds an integer to the 1-based parameter `index`.
    public func bindInteger(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds a finite double to the 1-based parameter `index` (NaN is refused, as with `Double.bind`).
    public func bindReal(_ value: Double, at index: Int32) throws {
        try value.bind(to: self, at: index)
    }

    /// Binds NULL to the 1-based parameter `index`.
    public func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Runs a statement that returns no rows; `reset` afterwards is up to the caller.
    public func stepToEnd() throws {
        while try step() {}
    }
}
