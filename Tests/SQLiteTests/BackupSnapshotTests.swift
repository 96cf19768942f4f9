import Foundation
import Testing
import TestSupport

@testable import SQLite

/// flarelog's backup copies and then counts rows inside one read transaction on the source, relying on
/// sqlite3_backup_step() using that open read transaction instead of starting a newer one, and leaving it open.
@Suite struct BackupSnapshotTests {
    @Test func theCopyIsTheSnapshotOfTheSourcesOpenReadTransaction() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("source.db")
        let source = try Connection(path: path)
        try source.useWriteAheadLog()
        try source.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, payload BLOB NOT NULL) STRICT")
        try source.transaction {
            for _ in 0..<500 { try source.run("INSERT INTO entry (payload) VALUES (zeroblob(1000))") }
        }
        let writer = try Connection(path: path)
        let copy = try Connection(path: folder.path("copy.db"))
        let counted = try source.transaction(.deferred) {
            let counted = try source.scalar("SELECT count(*) FROM entry", as: Int.self)
            // Committed by another connection after the snapshot began: must not be in the copy.
            try writer.transaction {
                for _ in 0..<100 { try writer.run("INSERT INTO entry (payload) VALUES (zeroblob(1000))") }
            }
            try Backup.copy(from: source, to: copy)
            // Committed after the copy: the counts that follow it must not see it either.
            try writer.transaction { try writer.run("INSERT INTO entry (payload) VALUES (zeroblob(1000))") }
            #expect(try source.scalar("SELECT count(*) FROM entry", as: Int.self) == 500)
            return counted
        }
        #expect(counted == 500)
        #expect(try copy.scalar("SELECT count(*) FROM entry", as: Int.self) == 500)
        #expect(try source.scalar("SELECT count(*) FROM entry", as: Int.self) == 601)
    }
}
