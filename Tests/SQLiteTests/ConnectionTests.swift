import CSQLite
import Foundation
import Testing
import TestSupport

@testable import SQLite

@Suite struct ConnectionTests {
    let folder: TemporaryDirectory
    let db: Connection

    init() throws {
        folder = try TemporaryDirectory()
        db = try Connection(path: folder.path("main.db"))
        try db.useWriteAheadLog()
        try db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT")
    }

    @Test func uniqueViolationCarriesExtendedCodeMessageAndSQL() throws {
        try db.run("INSERT INTO item (name) VALUES (?)", ["stress"])
        let error = try #require(throws: SQLiteError.self) {
            try db.run("INSERT INTO item (name) VALUES (?)", ["stress"])
        }
        #expect(error.code == 2067)
        #expect(error.primaryCode == 19)
        #expect(error.message == "UNIQUE constraint failed: item.name")
        #expect(error.sql == "INSERT INTO item (name) VALUES (?)")
        #expect(error.description.contains("UNIQUE constraint failed: item.name"))
    }

    /// Immutable opening goes through a URI: characters a URI gives a meaning to must stay part of the path.
    @Test(arguments: ["plain.db", "what?.db", "100% #1.db", "sp ace.db"])
    func immutableReadsAnyPathWithoutWalFiles(name: String) throws {
        let path = folder.path(name)
        do {
            let writer = try Connection(path: path)
            try writer.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42)")
        }
        let reader = try Connection(path: path, mode: .immutable)
        #expect(try reader.scalar("SELECT x FROM t", as: Int.self) == 42)
        #expect(reader.isReadOnly)
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    @Test func syntaxErrorsCarryTheOffset() throws {
        let error = try #require(throws: SQLiteError.self) { try db.prepare("SELECT 1 FROM item WHERE nope = 1") }
        #expect(error.code == SQLITE_ERROR)
        #expect(error.message == "no such column: nope")
        #expect(error.offset == 25)
    }

    @Test func doubleQuotedStringsAreNotLiterals() throws {
        #expect(throws: SQLiteError.self) { try db.prepare("SELECT \"not a column\"") }
    }

    @Test func foreignKeysAreEnforced() throws {
        try db.execute("CREATE TABLE child (item_id INTEGER NOT NULL REFERENCES item (id)) STRICT")
        let error = try #require(throws: SQLiteError.self) { try db.run("INSERT INTO child VALUES (99)") }
        #expect(error.code == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
    }

    @Test func walAndFullSync() throws {
        #expect(try db.scalar("PRAGMA journal_mode", as: String.self) == "wal")
        #expect(try db.scalar("PRAGMA synchronous", as: Int.self) == 2)
    }

    @Test func rollbackOnThrowLeavesNoRows() throws {
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.run("INSERT INTO item (name) VALUES ('a')")
                try db.run("INSERT INTO item (name) VALUES ('b')")
                throw Abort()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM item", as: Int.self) == 0)
        #expect(db.isAutocommit)
    }

    @Test func commitOnReturnAndChangesAndRowID() throws {
        let id = try db.transaction {
            try db.run("INSERT INTO item (name) VALUES ('a')")
            return db.lastInsertRowID
        }
        #expect(id == 1)
        try db.run("UPDATE item SET name = name || '!'")
        #expect(db.changes == 1)
    }

    @Test func nestedTransactionsUseSavepoints() throws {
        struct Abort: Error {}
        try db.transaction {
            try db.run("INSERT INTO item (name) VALUES ('outer')")
            #expect(throws: Abort.self) {
                try db.transaction {
                    try db.run("INSERT INTO item (name) VALUES ('inner')")
                    throw Abort()
                }
            }
            try db.transaction { try db.run("INSERT INTO item (name) VALUES ('kept')") }
        }
        #expect(
            try db.rows("SELECT name FROM item ORDER BY id") { $0.column(0, as: String.self) } == ["outer", "kept"])
    }

    @Test func failedCommitStepRollsBackAndReportsTheFirstError() throws {
        let error = try #require(throws: SQLiteError.self) {
            try db.transaction {
                try db.run("INSERT INTO item (name) VALUES ('x')")
                try db.run("INSERT INTO item (name) VALUES ('x')")
            }
        }
        #expect(error.code == 2067)
        #expect(try db.scalar("SELECT count(*) FROM item", as: Int.self) == 0)
    }

    @Test func aSecondWriterWaitsForTheFirstThenSucceeds() throws {
        let path = folder.path("main.db")
        try db.execute("BEGIN IMMEDIATE")
        try db.run("INSERT INTO item (name) VALUES ('first')")
        let started = Date()
        // The second connection lives on another thread; the first commits after 300 ms.
        let second = BackgroundThread { _ in
            let other = try Connection(path: path, busyTimeout: 5)
            try other.transaction { try other.run("INSERT INTO item (name) VALUES ('second')") }
            return Date().timeIntervalSince(started)
        }
        usleep(300_000)
        try db.execute("COMMIT")
        let waited = try second.wait()
        #expect(waited >= 0.25)
        #expect(try db.scalar("SELECT count(*) FROM item", as: Int.self) == 2)
    }

    @Test func busyTimeoutExpiresWithSQLiteBusy() throws {
        try db.execute("BEGIN IMMEDIATE")
        defer { try? db.execute("ROLLBACK") }
        let other = try Connection(path: folder.path("main.db"), busyTimeout: 0.1)
        let error = try #require(throws: SQLiteError.self) { try other.transaction {} }
        #expect(error.primaryCode == SQLITE_BUSY)
    }

    @Test func missingFileInReadWriteModeIsCantOpen() throws {
        let error = try #require(throws: SQLiteError.self) {
            _ = try Connection(path: folder.path("missing.db"), mode: .readWrite)
        }
        #expect(error.primaryCode == SQLITE_CANTOPEN)
        #expect(FileManager.default.fileExists(atPath: folder.path("missing.db")) == false)
    }

    @Test func readOnlyConnectionsCannotWrite() throws {
        let reader = try Connection(path: folder.path("main.db"), mode: .readOnly)
        let error = try #require(throws: SQLiteError.self) { try reader.run("INSERT INTO item (name) VALUES ('x')") }
        #expect(error.primaryCode == SQLITE_READONLY)
    }

    @Test func pragmasAndChecks() throws {
        try db.execute("PRAGMA application_id = 42")
        try db.setUserVersion(7)
        #expect(try db.applicationID == 42)
        #expect(try db.userVersion == 7)
        #expect(try db.quickCheck() == [])
        #expect(try db.integrityCheck() == [])
        #expect(try db.foreignKeyCheck() == [])
        #expect(Connection.libraryVersion.hasPrefix("3."))
    }

    @Test func integrityCheckReportsProblems() throws {
        try db.execute("CREATE INDEX item_name ON item (name)")
        try db.run("INSERT INTO item (name) VALUES ('a'), ('b')")
        // Make the index's declared columns disagree with its contents behind SQLite's back.
        try db.execute("PRAGMA writable_schema = ON")
        try db.execute("UPDATE sqlite_schema SET sql = 'CREATE INDEX item_name ON item (id)' WHERE name = 'item_name'")
        try db.execute("PRAGMA writable_schema = OFF")
        let checker = try Connection(path: folder.path("main.db"))
        let problems = try checker.integrityCheck()
        #expect(problems.isEmpty == false)
        #expect(problems.allSatisfy { $0.contains("item_name") })
    }
}
