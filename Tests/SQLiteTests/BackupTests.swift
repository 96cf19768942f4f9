import CSQLite
import Foundation
import Testing
import TestSupport

@testable import SQLite

@Suite struct BackupTests {
    /// sqlite3_backup_step() returns its error without recording it on the destination connection, whose
    /// sqlite3_errmsg() then reads "not an error" (what `restore` said on a full disk, issue 13.10).
    @Test func aFailedStepSaysWhatFailed() throws {
        let folder = try TemporaryDirectory()
        let source = try Connection(path: folder.path("source.db"))
        try source.execute("PRAGMA page_size = 1024; CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        let destination = try Connection(path: folder.path("destination.db"))
        try destination.execute("PRAGMA page_size = 4096; CREATE TABLE u (y)")
        try destination.useWriteAheadLog()
        // "If the destination database is in WAL mode and the page sizes differ, SQLITE_READONLY."
        let backup = try Backup(from: source, to: destination)
        let error = try #require(throws: SQLiteError.self) { _ = try backup.step() }
        #expect(error.primaryCode == SQLITE_READONLY)
        #expect(error.message == String(cString: sqlite3_errstr(SQLITE_READONLY)))
        #expect(error.message != "not an error")
    }

    @Test func backupWhileAnotherConnectionWritesIsConsistent() throws {
        let folder = try TemporaryDirectory()
        let source = try Connection(path: folder.path("source.db"))
        try source.useWriteAheadLog()
        try source.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, payload BLOB NOT NULL) STRICT")
        let payload = [UInt8](repeating: 7, count: 4096)
        try source.transaction {
            for _ in 0..<2000 { try source.run("INSERT INTO entry (payload) VALUES (?)", [payload]) }
        }
        let path = folder.path("source.db")
        // A writer on its own connection and thread keeps committing while the copy runs.
        let writer = BackgroundThread { shouldStop in
            let other = try Connection(path: path)
            var written = 0
            while !shouldStop() && written < 5000 {
                try other.transaction { try other.run("INSERT INTO entry (payload) VALUES (zeroblob(4096))") }
                written += 1
            }
            return written
        }
        usleep(20_000)
        let copy = try Connection(path: folder.path("copy.db"))
        try Backup.copy(from: source, to: copy)
        let written = try writer.cancelAndWait()
        #expect(written > 0)
        #expect(try copy.integrityCheck() == [])
        let copied = try #require(try copy.scalar("SELECT count(*) FROM entry", as: Int.self))
        #expect(copied >= 2000)
        #expect(copied <= 2000 + written)
        // Rows are committed one per transaction, so a consistent snapshot has consecutive ids.
        #expect(try copy.scalar("SELECT max(id) FROM entry", as: Int.self) == copied)
    }

    /// flarelog's backup copies into an image database that lives in a mapping of the backup file.
    @Test func anImageDatabaseLivesInTheCallersBufferAndCannotOutgrowIt() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * 4096, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let source = try Connection(path: ":memory:")
        try source.execute("CREATE TABLE t (b BLOB) STRICT; INSERT INTO t VALUES (x'0102')")
        let image = try Connection(image: buffer)
        try Backup.copy(from: source, to: image)
        #expect(Array(buffer.prefix(16)) == Array("SQLite format 3\0".utf8))
        #expect(try image.scalar("SELECT hex(b) FROM t", as: String.self) == "0102")
        let error = try #require(throws: SQLiteError.self) {
            try image.execute("INSERT INTO t VALUES (zeroblob(100000))")
        }
        #expect(error.primaryCode == SQLITE_FULL)
    }

    @Test func stepReportsProgress() throws {
        let folder = try TemporaryDirectory()
        let source = try Connection(path: folder.path("a.db"))
        try source.execute("CREATE TABLE t (b BLOB) STRICT; INSERT INTO t VALUES (zeroblob(100000))")
        let destination = try Connection(path: folder.path("b.db"))
        let backup = try Backup(from: source, to: destination)
        #expect(try backup.step(pages: 1) == false)
        #expect(backup.pageCount > 1)
        #expect(backup.remainingPages == backup.pageCount - 1)
        while try !backup.step(pages: 5) {}
        #expect(backup.remainingPages == 0)
        #expect(try destination.scalar("SELECT length(b) FROM t", as: Int.self) == 100000)
    }
}
