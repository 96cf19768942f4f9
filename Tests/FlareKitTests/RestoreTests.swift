import Foundation
import SQLite
import Testing
import TestSupport

@testable import FlareKit

@Suite struct RestoreTests {
    let folder: TemporaryDirectory
    let live: String
    let backup: String

    init() throws {
        folder = try TemporaryDirectory()
        live = folder.path("data/live.db")
        try EntryFixtures.makeDatabase(live)
        try EntryFixtures.insert(40, into: Connection(path: live))
        backup = try Database(path: live, access: .read).backup(to: .file(folder.path("backup.db"))).path
    }

    @Test func planChangesNothingAndDescribesBoth() throws {
        try EntryFixtures.insert(5, into: Connection(path: live), prefix: "later", from: 100)
        let before = (try EntryFixtures.sha256(live), try EntryFixtures.sha256(backup))
        let plan = try Restore.plan(backup: backup, database: live)
        #expect(plan.backup.entries == 40)
        #expect(plan.backup.firstDay == "2026-01-01")
        #expect(plan.backup.lastDay == "2026-02-09")
        #expect(plan.current?.entries == 45)
        #expect(plan.current?.lastDay == "2026-04-15")
        #expect((try EntryFixtures.sha256(live), try EntryFixtures.sha256(backup)) == before)
    }

    @Test func roundTripKeepsASafetyBackupOfTheReplacedState() throws {
        try EntryFixtures.insert(7, into: Connection(path: live), prefix: "later", from: 100)
        let backupDigest = try EntryFixtures.sha256(backup)
        let result = try Restore.perform(backup: backup, database: live, safetyFolder: folder.path("safety"))
        #expect(result.restored.entries == 40)
        #expect(try EntryFixtures.count(live) == 40)
        let safety = try #require(result.safetyBackup)
        #expect(safety.path.hasSuffix("-before-restore.db"))
        #expect(try EntryFixtures.count(safety.path) == 47)
        #expect(try EntryFixtures.sha256(backup) == backupDigest)
        let database = try Database(path: live, access: .write)
        #expect(try database.connection.scalar("PRAGMA journal_mode", as: String.self) == "wal")
        #expect(try database.healthCheck().isHealthy)
    }

    @Test func restoringIntoAMissingDatabaseCreatesIt() throws {
        let fresh = folder.path("elsewhere/new.db")
        let result = try Restore.perform(backup: backup, database: fresh, safetyFolder: folder.path("safety"))
        #expect(result.safetyBackup == nil)
        #expect(result.plan.current == nil)
        #expect(try EntryFixtures.count(fresh) == 40)
    }

    @Test func anOlderBackupIsMigrated() throws {
        let old = folder.path("v1.db")
        let raw = try Connection(path: old)
        try raw.transaction {
            try raw.execute(Migration.all[0].sql)
            try raw.setUserVersion(1)
            try raw.execute(
                "INSERT INTO item (kind, name, value_type, min, max, aggregate, created_at) VALUES ('symptom', 'pain', 'scale', 0, 10, 'max', 'x')"
            )
        }
        try EntryFixtures.insert(3, into: raw)
        let result = try Restore.perform(backup: old, database: live, safetyFolder: folder.path("safety"))
        #expect(result.plan.backup.schemaVersion == 1)
        #expect(result.restored.schemaVersion == Database.schemaVersion)
        #expect(result.restored.entries == 3)
    }

    @Test(arguments: ["corrupt", "truncated", "foreign", "newer", "text"])
    func aBadBackupIsRefusedAndNothingChanges(kind: String) throws {
        let bad = folder.path("bad.db")
        try EntryFixtures.insert(3000, into: Connection(path: live), prefix: "bulk", from: 1000)
        _ = try Database(path: live, access: .read).backup(to: .file(bad))
        switch kind {
        case "corrupt": try EntryFixtures.corruptMiddlePage(bad)
        case "truncated": try EntryFixtures.truncate(bad)
        case "foreign": try Connection(path: bad).execute("PRAGMA application_id = 42")
        case "newer": try Connection(path: bad).setUserVersion(Database.schemaVersion + 1)
        default: try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: bad))
        }
        try Connection(path: live).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let before = (try EntryFixtures.sha256(live), try EntryFixtures.sha256(bad))
        for confirm in [false, true] {
            let error = try #require(throws: FlareError.self) {
                if confirm {
                    _ = try Restore.perform(backup: bad, database: live, safetyFolder: folder.path("safety"))
                } else {
                    _ = try Restore.plan(backup: bad, database: live)
                }
            }
            #expect(error.status == .badData, "\(kind): \(error.message)")
        }
        #expect((try EntryFixtures.sha256(live), try EntryFixtures.sha256(bad)) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.path("safety")))
    }

    @Test func aMissingBackupOrTheDatabaseItselfIsRefused() throws {
        let missing = try #require(throws: FlareError.self) {
            _ = try Restore.plan(backup: folder.path("nope.db"), database: live)
        }
        #expect(missing.status == .missingInput)
        #expect(missing.message.hasPrefix("no backup at"))
        let itself = try #require(throws: FlareError.self) {
            _ = try Restore.perform(backup: live, database: live, safetyFolder: folder.path("safety"))
        }
        #expect(itself.status == .usage)
    }

    /// Restoring is what a damaged database is for: the safety copy keeps it as it was, unverified.
    @Test func aDamagedLiveDatabaseCanBeRestored() throws {
        try EntryFixtures.insert(3000, into: Connection(path: live), prefix: "bulk", from: 1000)
        try Connection(path: live).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try EntryFixtures.corruptMiddlePage(live)
        #expect(try Database(path: live, access: .read).healthCheck().isHealthy == false)
        let result = try Restore.perform(backup: backup, database: live, safetyFolder: folder.path("safety"))
        let safety = try #require(result.safetyBackup)
        #expect(safety.verification == nil)
        // Still damaged as it was: quick_check reports the damage, or fails on it (which, depends on the page hit).
        #expect((try? Connection(path: safety.path, mode: .readOnly).quickCheck()) != [])
        #expect(result.restored.entries == 40)
        #expect(try Database(path: live, access: .read).healthCheck(full: true).isHealthy)
    }
}
