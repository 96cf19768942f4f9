import Foundation
import Testing
import TestSupport

@testable import SQLite

/// The hot path of binding: the typed `run(binding:)`, rebinding without clearing, and text copied into
/// per-parameter buffers that SQLite reads in place.
@Suite struct FastBindingTests {
    let db: Connection

    init() throws {
        db = try Connection(path: try TemporaryDirectory().path("fast.db"))
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a ANY, b ANY, c ANY) STRICT")
    }

    func rows() throws -> [[SQLValue]] {
        try db.rows("SELECT a, b, c FROM t ORDER BY id") { row in (0..<3).map { row.column($0, as: SQLValue.self) } }
    }

    @Test func typedRunBindsEveryKindInOrder() throws {
        let insert = try db.cachedStatement("INSERT INTO t (a, b, c) VALUES (?, ?, ?)")
        try insert.run(binding: "text", Int64(7), 2.5)
        try insert.run(binding: String?.none, [UInt8]([0, 1]), "a\0b")
        try insert.run(binding: "", Int?.some(3), true)
        #expect(
            try rows() == [
                [.text("text"), .integer(7), .real(2.5)],
                [.null, .blob([0, 1]), .text("a\0b")],
                [.text(""), .integer(3), .integer(1)],
            ])
    }

    @Test func fewerValuesLeaveTheRestNull() throws {
        let insert = try db.cachedStatement("INSERT INTO t (a, b, c) VALUES (?, ?, ?)")
        try insert.run(["x", "y", "z"])
        try insert.run(["only"])
        try insert.run(binding: "first", "second")
        #expect(
            try rows() == [
                [.text("x"), .text("y"), .text("z")],
                [.text("only"), .null, .null],
                [.text("first"), .text("second"), .null],
            ])
    }

    @Test func textBuffersSurviveGrowingShrinkingAndLongText() throws {
        let insert = try db.cachedStatement("INSERT INTO t (a, b, c) VALUES (?, ?, ?)")
        let long = String(repeating: "é", count: 2000)  // 4000 bytes: bound as a transient copy
        let values = ["short", String(repeating: "m", count: 300), "s", long, "tail 🤕", ""]
        for value in values {
            try insert.run(binding: value, value + "!", Int64(value.utf8.count))
        }
        #expect(try rows() == values.map { [.text($0), .text($0 + "!"), .integer(Int64($0.utf8.count))] })
    }

    @Test func textBoundInPlaceIsStoredAsGiven() throws {
        let insert = try db.cachedStatement("INSERT INTO t (a, b, c) VALUES (?, ?, ?)")
        let bytes: [UInt8] = Array("in place, a\0b".utf8)
        try bytes.withUnsafeBytes { bytes in
            for (start, end) in [(0, 8), (10, 13), (3, 3)] {
                insert.reset()
                try insert.bindTextInPlace(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), at: 1)
                try insert.bindTextInPlace(UnsafeRawBufferPointer(start: nil, count: 0), at: 2)
                try insert.bindNull(at: 3)
                try insert.stepToEnd()
            }
            insert.reset()
        }
        #expect(
            try rows() == [
                [.text("in place"), .text(""), .null], [.text("a\0b"), .text(""), .null],
                [.text(""), .text(""), .null],
            ])
    }

    @Test func boundTextIsReadInPlaceDuringARun() throws {
        for n in 0..<5 { try db.run("INSERT INTO t (a) VALUES (?)", ["row \(n)"]) }
        let select = try db.prepare("SELECT a, ?1 FROM t WHERE a >= ?1 ORDER BY a")
        let found = try select.rows(["row 2"]) { "\($0.column(0, as: String.self)) \($0.column(1, as: String.self))" }
        #expect(found == ["row 2 row 2", "row 3 row 2", "row 4 row 2"])
        // Binding while a run is in progress is refused by SQLite (and leaves the current row as it was).
        try select.bind(["row 3"])
        #expect(try select.step())
        let error = try #require(throws: SQLiteError.self) { try select.bind("row 0", at: 1) }
        #expect(error.code == 21)  // SQLITE_MISUSE
        #expect(select.column(1, as: String.self) == "row 3")
    }
}
