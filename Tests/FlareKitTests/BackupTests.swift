import Foundation
import SQLite
import Testing
import TestSupport

@testable import FlareKit

@Suite struct BackupTests {
    let folder: TemporaryDirectory
    let source: String

    init() throws {
        folder = try TemporaryDirectory()
        source = folder.path("live.db")
        try EntryFixtures.makeDatabase(source)
        try EntryFixtures.insert(50, into: Connection(path: source))
    }

    @Test func aBackupIsOneVerifiedPrivateSelfContainedFile() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 11:06:40 UTC
        let receipt = try Database(path: source, access: .read).backup(to: .folder(folder.path("backups")), now: now)
        #expect(receipt.path == folder.path("backups/flarelog-20261118-110640.db"))
        #expect(receipt.counts?.entries == 50)
        #expect(receipt.verification == .quick)
        #expect(receipt.schemaVersion == Database.schemaVersion)
        #expect(receipt.sha256 == (try EntryFixtures.sha256(receipt.path)))
        let attributes = try FileManager.default.attributesOfItem(atPath: receipt.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect((attributes[.size] as? NSNumber)?.int64Value == receipt.sizeBytes)
        #expect(
            try FileManager.default.attributesOfItem(atPath: folder.path("backups"))[.posixPermissions] as? Int == 0o700
        )
        // Rollback journal in the header, and nothing but the backup in the folder.
        let header = try FileHeader(path: receipt.path)
        #expect(header.isRollbackJournal)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path("backups")) == [
                "flarelog-20261118-110640.db"
            ])
        #expect(
            try Connection(path: receipt.path, mode: .readOnly).scalar("PRAGMA journal_mode", as: String.self)
                == "delete")
        #expect(try EntryFixtures.count(receipt.path) == 50)
    }

    /// The copy goes through an in-memory database laid over the backup file, which must take the source's
    /// page size; the finished file must still be an ordinary flarelog database that opens for writing (in WAL
    /// mode) and passes `check`.
    @Test(arguments: [1024, 8192, 65536])
    func aBackupKeepsThePageSizeAndOpensAsAnOrdinaryDatabase(pageSize: Int) throws {
        let connection = try Connection(path: source)
        // VACUUM can change the page size of a database only outside WAL mode.
        try connection.execute("PRAGMA journal_mode = DELETE; PRAGMA page_size = \(pageSize); VACUUM")
        try connection.useWriteAheadLog()
        try EntryFixtures.insert(500, into: connection, prefix: "big")
        let receipt = try Database(path: source, access: .read).backup(to: .folder(folder.path("pages")))
        #expect(receipt.counts?.entries == 550)
        #expect(receipt.sizeBytes % Int64(pageSize) == 0)
        let copy = try Connection(path: receipt.path, mode: .readOnly)
        #expect(try copy.scalar("PRAGMA page_size", as: Int.self) == pageSize)
        // A backup opened to write switches to write-ahead logging once a write succeeded (not before: a failed
        // command must leave the file as it was).
        let reopened = try Database(path: receipt.path, access: .write)
        #expect(try reopened.connection.scalar("PRAGMA journal_mode", as: String.self) == "delete")
        try reopened.write { try EntryFixtures.insert(1, into: reopened.connection, prefix: "after") }
        #expect(try reopened.connection.scalar("PRAGMA journal_mode", as: String.self) == "wal")
        #expect(try reopened.healthCheck(full: true).isHealthy)
    }

    /// Where the file system cannot map the copy (ENODEV), SQLite writes it through a connection on the file.
    @Test func theCopyWithoutAMappingIsTheSnapshot() throws {
        let live = try Connection(path: source)
        let temporary = try BackupFolder.makeTemporaryFile(in: folder.url.path)
        try live.transaction(.deferred) {
            #expect(try live.userVersion == Database.schemaVersion)
            try BackupWriter.copyPagesThroughSQLite(from: live, into: temporary)
        }
        let copy = try Connection(path: temporary, mode: .readOnly)
        #expect(try copy.quickCheck() == [])
        #expect(try TableCounts.read(copy) == TableCounts.read(live))
    }

    @Test func aTakenNameGetsANumberAndAFileIsNeverOverwritten() throws {
        let database = try Database(path: source, access: .read)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let first = try database.backup(to: .folder(folder.path("b")), now: now)
        let second = try database.backup(to: .folder(folder.path("b")), now: now)
        let third = try database.backup(to: .folder(folder.path("b")), now: now)
        #expect(first.path.hasSuffix("flarelog-20261118-110640.db"))
        #expect(second.path.hasSuffix("flarelog-20261118-110640-2.db"))
        #expect(third.path.hasSuffix("flarelog-20261118-110640-3.db"))
        let file = folder.path("mine.db")
        _ = try database.backup(to: .file(file))
        let before = try EntryFixtures.sha256(file)
        let error = try #require(throws: FlareError.self) { try database.backup(to: .file(file)) }
        #expect(error.status == .cannotCreate)
        #expect(error.message.contains("already exists"))
        #expect(try EntryFixtures.sha256(file) == before)
    }

    @Test func keepDeletesOnlyBackupsItMadeByTheirRecordedTime() throws {
        let backups = folder.path("keep")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        // Files that look like backups but are not flarelog's own: never deleted, whatever their names say.
        let others = [
            "notes.txt", "flarelog-old.db", "flarelog-20200101-000000-before-restore.db", "flarelog-2020.db",
            "flarelog-20200101-000000.db", "flarelog-20990101-000000.db",
        ]
        for name in others {
            try Data("x".utf8).write(to: URL(fileURLWithPath: backups + "/" + name))
        }
        let database = try Database(path: source, access: .read)
        func backup(_ seconds: TimeInterval, as file: String? = nil, keep: Int? = nil) throws -> BackupReceipt {
            try database.backup(
                to: file.map { .file(backups + "/" + $0) } ?? .folder(backups), keep: keep,
                now: Date(timeIntervalSince1970: seconds))
        }
        let first = try backup(1_795_000_000)
        let second = try backup(1_795_000_100)
        // Made while the clock was wrong, under a name that sorts after all others: its record says it is oldest.
        let misnamed = try backup(1_794_000_000, as: "flarelog-21000101-000000.db")
        // A database of another application named like a backup.
        let foreign = try Connection(path: backups + "/flarelog-20300101-000000.db")
        try foreign.execute("CREATE TABLE flarelog_backup (made_at TEXT, source TEXT)")
        try foreign.run("INSERT INTO flarelog_backup VALUES ('2020-01-01T00:00:00.000Z', 'x')")
        let receipt = try backup(1_795_000_200, keep: 2)
        #expect(receipt.removed.sorted() == [first.path, misnamed.path].sorted())
        let left = try FileManager.default.contentsOfDirectory(atPath: backups).sorted()
        let names = [second.path, receipt.path, backups + "/flarelog-20300101-000000.db"].map {
            String($0.dropFirst(backups.count + 1))
        }
        #expect(left == (others + names).sorted())
        // `--keep 1` keeps the backup just written even when another one's record is newer.
        let earlier = try backup(1_700_000_000, keep: 1)
        #expect(FileManager.default.fileExists(atPath: earlier.path))
        #expect(
            !FileManager.default.fileExists(atPath: second.path)
                && !FileManager.default.fileExists(atPath: receipt.path))
    }

    @Test func keepNeverDeletesAHardLinkedBackup() throws {
        let backups = folder.path("links")
        let database = try Database(path: source, access: .read)
        let linked = try database.backup(to: .folder(backups), now: Date(timeIntervalSince1970: 1_795_000_000))
        try FileManager.default.linkItem(atPath: linked.path, toPath: folder.path("my-document.db"))
        let receipt = try database.backup(
            to: .folder(backups), keep: 1, now: Date(timeIntervalSince1970: 1_795_000_100))
        #expect(receipt.removed.isEmpty)
        #expect(FileManager.default.fileExists(atPath: linked.path))
    }

    @Test func aRestoredDatabaseCarriesNoBackupRecord() throws {
        let receipt = try Database(path: source, access: .read).backup(to: .folder(folder.path("r")))
        let copy = try Connection(path: receipt.path, mode: .readOnly)
        #expect(try copy.scalar("SELECT count(*) FROM flarelog_backup", as: Int.self) == 1)
        let live = folder.path("restored.db")
        _ = try Restore.perform(backup: receipt.path, database: live, safetyFolder: folder.path("safety"))
        let restored = try Connection(path: live, mode: .readOnly)
        #expect(
            try restored.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'flarelog_backup'", as: Int.self)
                == 0)
    }

    @Test(arguments: [
        ("flarelog-20261118-110640.db", true), ("flarelog-20261118-110640-2.db", true),
        ("flarelog-20261118-110640-12.db", true), ("flarelog-20261118-110640-1.db", false),
        ("flarelog-20261118-110640-02.db", false), ("flarelog-20261118-110640-before-restore.db", false),
        ("flarelog-old.db", false), ("flarelog-2026111-110640.db", false), ("flarelog-20261118-110640.db.tmp", false),
        ("xflarelog-20261118-110640.db", false), ("flarelog-20261118-110640.db.age", true),
        ("flarelog-20261118-110640-3.db.age", true), ("flarelog-20261118-110640.age", false),
        ("flarelog-20261118-110640-before-restore.db.age", false),
    ])
    func backupNames(name: String, isBackup: Bool) {
        #expect((BackupFolder.backupKey(name) != nil) == isBackup)
    }

    @Test func aDamagedSourceFailsTheCheckAndLeavesNothingBehind() throws {
        try EntryFixtures.insert(3000, into: Connection(path: source), prefix: "more")
        try Connection(path: source).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try EntryFixtures.corruptMiddlePage(source)
        let backups = folder.path("damaged")
        #expect(throws: FlareError.self) {
            _ = try Database(path: source, access: .read).backup(to: .folder(backups))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: backups) == [])
    }

    /// Four writers commit entries on their own connections while the backup runs: the backup holds every
    /// entry acknowledged before it started, is sound, and its counts match the snapshot it copied.
    @Test func backupWhileFourWritersKeepWriting() throws {
        try EntryFixtures.insert(2000, into: Connection(path: source), prefix: "base")
        let writers = ConcurrentWriters(count: 4, path: source, insertSQL: EntryFixtures.insertSQL)
        defer { _ = writers.stop() }
        Thread.sleep(forTimeInterval: 0.2)
        let started = ContinuousClock.now
        let receipt = try Database(path: source, access: .read).backup(to: .folder(folder.path("busy")))
        Thread.sleep(forTimeInterval: 0.1)
        let (written, failures) = writers.stop()
        #expect(failures == [])
        let acknowledged = written.filter { $0.at < started }.map(\.uid)
        #expect(!acknowledged.isEmpty)
        #expect(written.count > acknowledged.count, "writers kept writing during the backup")
        let copy = try Connection(path: receipt.path, mode: .readOnly)
        #expect(try copy.quickCheck() == [])
        let copied = Set(try copy.rows("SELECT uid FROM entry WHERE uid LIKE 'w%'") { $0.column(0, as: String.self) })
        #expect(acknowledged.allSatisfy { copied.contains($0) })
        #expect(receipt.counts?.entries == 2050 + copied.count)
        #expect(try Database(path: receipt.path, access: .read).healthCheck().isHealthy)
    }
}
