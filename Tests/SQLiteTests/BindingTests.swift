import Foundation
import Testing
import TestSupport

@testable import SQLite

@Suite struct BindingTests {
    let db: Connection

    init() throws {
        db = try Connection(path: try TemporaryDirectory().path("bindings.db"))
        try db.execute("CREATE TABLE t (v ANY) STRICT")
    }

    private func roundTrip<T: SQLBindable & SQLColumnReadable>(_ value: T) throws -> T? {
        try db.run("DELETE FROM t")
        try db.run("INSERT INTO t (v) VALUES (?)", [value])
        return try db.scalar("SELECT v FROM t", as: T.self)
    }

    @Test(arguments: [Int64.min, -1, 0, 1, Int64.max])
    func int64(_ value: Int64) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func int() throws {
        #expect(try roundTrip(Int.max) == Int.max)
        #expect(try roundTrip(Int.min) == Int.min)
    }

    @Test(arguments: [0.0, 1.5, -2.25e300, Double.leastNonzeroMagnitude, Double.infinity, -Double.infinity])
    func double(_ value: Double) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func signedZerosKeepTheirSign() throws {
        #expect(try roundTrip(0.0)?.sign == .plus)
        #expect(try roundTrip(-0.0)?.sign == .minus)
    }

    @Test func nanIsRejectedInsteadOfBecomingNull() throws {
        let error = try #require(throws: SQLiteError.self) {
            try db.run("INSERT INTO t (v) VALUES (?)", [Double.nan])
        }
        #expect(error.code == 20)  // SQLITE_MISMATCH
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
    }

    @Test(arguments: ["", "plain", "ünïcødé 🌶️ 痛み", "a\u{0}b\u{0}", "'; DROP TABLE t; --"])
    func text(_ value: String) throws {
        #expect(try roundTrip(value) == value)
        let bytes = try db.scalar("SELECT length(CAST(v AS BLOB)) FROM t", as: Int.self)
        #expect(bytes == value.utf8.count)
    }

    @Test func emptyStringIsNotNull() throws {
        try db.run("INSERT INTO t (v) VALUES (?)", [""])
        #expect(try db.scalar("SELECT typeof(v) FROM t", as: String.self) == "text")
    }

    @Test func blobs() throws {
        let mebibyte = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try roundTrip(mebibyte) == mebibyte)
        #expect(try roundTrip(Data([0, 1, 2, 0])) == Data([0, 1, 2, 0]))
        #expect(try roundTrip([UInt8]()) == [])
        #expect(try db.scalar("SELECT typeof(v) FROM t", as: String.self) == "blob")
    }

    @Test func bools() throws {
        #expect(try roundTrip(true) == true)
        #expect(try roundTrip(false) == false)
    }

    @Test func nullsReadAsNilThroughOptionals() throws {
        let missing: String? = nil
        try db.run("INSERT INTO t (v) VALUES (?)", [missing])
        #expect(try db.scalar("SELECT v FROM t", as: String?.self) == .some(nil))
        #expect(try db.scalar("SELECT v FROM t", as: SQLValue.self) == .null)
        try db.run("DELETE FROM t")
        try db.run("INSERT INTO t (v) VALUES (?)", [nil])
        #expect(try db.scalar("SELECT typeof(v) FROM t", as: String.self) == "null")
    }

    @Test func sqlValuesKeepTheirStorageClass() throws {
        let values: [SQLValue] = [.null, .integer(42), .real(4.5), .text("x\u{0}y"), .blob([9, 0, 9])]
        for value in values {
            #expect(try roundTrip(value) == value)
        }
    }

    @Test func namedParameters() throws {
        try db.execute("CREATE TABLE p (a INTEGER, b TEXT) STRICT")
        let statement = try db.prepare("INSERT INTO p (a, b) VALUES (:a, @b)")
        try statement.bind(named: [":a": 7, "@b": "seven"])
        #expect(try statement.step() == false)
        let row = try db.firstRow("SELECT a, b FROM p") { ($0.column(0, as: Int.self), $0.column(1, as: String.self)) }
        #expect(row?.0 == 7)
        #expect(row?.1 == "seven")
        #expect(throws: SQLiteError.self) { try statement.bind(named: [":nope": 1]) }
    }

    @Test func rebindingResetsEarlierValues() throws {
        let insert = try db.cachedStatement("INSERT INTO t (v) VALUES (?)")
        try insert.run([1])
        try insert.run([2])
        #expect(try db.rows("SELECT v FROM t ORDER BY v") { $0.column(0, as: Int.self) } == [1, 2])
        #expect(try db.cachedStatement("INSERT INTO t (v) VALUES (?)") === insert)
    }
}
