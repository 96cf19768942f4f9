import CSQLite
import FoundationEssentials

/// A value as SQLite stores it: one of its five storage classes.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that can be bound to a statement parameter.
public protocol SQLBindable {
    /// Binds `self` to the 1-based parameter `index` of `statement`.
    func bind(to statement: Statement, at index: Int32) throws
}

/// A Swift value that can be read from a result column; `Optional` reads NULL as nil.
public protocol SQLColumnReadable {
    /// Reads column `index` (0-based) of the current row; NULL reads as zero, "" or an empty blob.
    static func read(from statement: Statement, at index: Int32) -> Self
}

// `SQLITE_TRANSIENT` is a macro that does not import: it tells SQLite to copy the bytes before returning.
let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension Int64: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try statement.check(sqlite3_bind_int64(statement.handle, index, self))
    }
    public static func read(from statement: Statement, at index: Int32) -> Int64 {
        sqlite3_column_int64(statement.handle, index)
    }
}

extension Int: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try Int64(self).bind(to: statement, at: index)
    }
    public static func read(from statement: Statement, at index: Int32) -> Int {
        Int(Int64.read(from: statement, at: index))
    }
}

extension Int32: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try Int64(self).bind(to: statement, at: index)
    }
    public static func read(from statement: Statement, at index: Int32) -> Int32 {
        sqlite3_column_int(statement.handle, index)
    }
}

extension Bool: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try Int64(self ? 1 : 0).bind(to: statement, at: index)
    }
    public static func read(from statement: Statement, at index: Int32) -> Bool {
        Int64.read(from: statement, at: index) != 0
    }
}

extension Double: SQLBindable, SQLColumnReadable {
    /// - Throws: `SQLITE_MISMATCH` for NaN, which SQLite would otherwise silently store as NULL.
    public func bind(to statement: Statement, at index: Int32) throws {
        guard !isNaN else {
            throw SQLiteError(code: SQLITE_MISMATCH, message: "NaN cannot be stored", sql: statement.sql)
        }
        try statement.check(sqlite3_bind_double(statement.handle, index, self))
    }
    public static func read(from statement: Statement, at index: Int32) -> Double {
        sqlite3_column_double(statement.handle, index)
    }
}

extension String: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        var text = self
        try text.withUTF8 { try statement.bindText($0, at: index) }
    }
    public static func read(from statement: Statement, at index: Int32) -> String {
        // Text first, then its byte count, as the SQLite docs advise; never String(cString:), which stops at NUL.
        guard let pointer = sqlite3_column_text(statement.handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}

extension Array: SQLBindable, SQLColumnReadable where Element == UInt8 {
    public func bind(to statement: Statement, at index: Int32) throws {
        let code = withUnsafeBytes { bytes in
            // A null pointer would bind NULL, so an empty blob is bound as a zero-length blob.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(statement.handle, index, 0)
            }
            return sqlite3_bind_blob64(statement.handle, index, base, UInt64(bytes.count), transientDestructor)
        }
        try statement.check(code)
    }
    public static func read(from statement: Statement, at index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement.handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement.handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

extension Data: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try [UInt8](self).bind(to: statement, at: index)
    }
    public static func read(from statement: Statement, at index: Int32) -> Data {
        Data([UInt8].read(from: statement, at: index))
    }
}

extension SQLValue: SQLBindable, SQLColumnReadable {
    public func bind(to statement: Statement, at index: Int32) throws {
        switch self {
        case .null: try statement.check(sqlite3_bind_null(statement.handle, index))
        case .integer(let value): try value.bind(to: statement, at: index)
        case .real(let value): try value.bind(to: statement, at: index)
        case .text(let value): try value.bind(to: statement, at: index)
        case .blob(let value): try value.bind(to: statement, at: index)
        }
    }
    public static func read(from statement: Statement, at index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement.handle, index) {
        case SQLITE_INTEGER: return .integer(Int64.read(from: statement, at: index))
        case SQLITE_FLOAT: return .real(Double.read(from: statement, at: index))
        case SQLITE_TEXT: return .text(String.read(from: statement, at: index))
        case SQLITE_BLOB: return .blob([UInt8].read(from: statement, at: index))
        default: return .null
        }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        switch self {
        case .none: try statement.check(sqlite3_bind_null(statement.handle, index))
        case .some(let value): try value.bind(to: statement, at: index)
        }
    }
}

extension Optional: SQLColumnReadable where Wrapped: SQLColumnReadable {
    public static func read(from statement: Statement, at index: Int32) -> Wrapped? {
        sqlite3_column_type(statement.handle, index) == SQLITE_NULL ? nil : Wrapped.read(from: statement, at: index)
    }
}
