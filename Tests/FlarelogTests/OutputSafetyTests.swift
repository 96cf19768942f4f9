import Foundation
import Testing
import TestSupport

/// Issue 13, item 1: `export --out` and `report --out` never replace the database, its files, a backup or any
/// file that is not an earlier output of the same kind.
@Suite struct OutputTargetTests {
    let cli: CLI

    init() throws {
        cli = try Self.cliWithOneEntry()
    }

    /// A fresh home with its own backups folder and a database holding one entry.
    static func cliWithOneEntry() throws -> CLI {
        var cli = try CLI()
        cli.environment["XDG_DATA_HOME"] = cli.path("xdg")
        try cli.ok(["log", "symptom", "fatigue", "4"])
        return cli
    }

    /// Expects `arguments` to be refused with 73 and the database and `target` (when it existed) unchanged.
    private func refused(_ arguments: [String], target: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let database = try cli.snapshot()
        let before = FileManager.default.fileExists(atPath: target) ? try sha256sum(target) : nil
        try cli.fails(arguments, status: 73, containing: "refusing to write", sourceLocation: sourceLocation)
        #expect(try cli.snapshot() == database, sourceLocation: sourceLocation)
        // A -wal or -shm that was not there may be SQLite's own, made by opening the database to read it.
        if let before { #expect(try sha256sum(target) == before, sourceLocation: sourceLocation) }
    }

    @Test(arguments: ["", "-wal", "-shm", "-journal"])
    func theDatabaseAndItsFilesAreRefused(suffix: String) throws {
        let target = cli.database + suffix
        try refused(["export", "--out", target], target: target)
        try refused(["export", "--format", "json", "--out", target], target: target)
        try refused(["report", "--out", target], target: target)
        #expect(try cli.ok(["list"]).contains("fatigue"))
    }

    @Test func linksToTheDatabaseAreRefused() throws {
        let symlink = cli.path("link.db")
        let hardLink = cli.path("hard.db")
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: cli.database)
        try FileManager.default.linkItem(atPath: cli.database, toPath: hardLink)
        for target in [symlink, hardLink] {
            try refused(["export", "--out", target], target: target)
            try refused(["report", "--out", target], target: target)
        }
    }

    @Test func backupsAndOtherDatabasesAreRefused() throws {
        let backup = try #require(CLI.json(try cli.ok(["backup", "--format", "json"]))["path"] as? String)
        try refused(["export", "--out", backup], target: backup)
        try refused(["report", "--out", backup], target: backup)
        let backups = PathName(backup).folder
        try refused(["export", "--out", backups + "/new.csv"], target: backups + "/new.csv")
        #expect(!FileManager.default.fileExists(atPath: backups + "/new.csv"))
        // A symlink elsewhere that points into the backups folder.
        let pointer = cli.path("pointer.html")
        try FileManager.default.createSymbolicLink(atPath: pointer, withDestinationPath: backups + "/notes.html")
        try Data("<!DOCTYPE html>".utf8).write(to: URL(fileURLWithPath: backups + "/notes.html"))
        try refused(["report", "--out", pointer], target: pointer)
        // A copy of the database under another name is still a database.
        let copy = cli.path("copy.db")
        try FileManager.default.copyItem(atPath: backup, toPath: copy)
        try refused(["export", "--out", copy], target: copy)
    }

    @Test func otherFilesAreRefusedButEarlierOutputsOfTheSameKindAreReplaced() throws {
        let notes = cli.path("notes.txt")
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        try refused(["export", "--out", notes], target: notes)
        try refused(["report", "--out", notes], target: notes)
        let csv = cli.path("e.csv")
        let json = cli.path("e.json")
        let html = cli.path("r.html")
        for _ in 0..<2 {
            try cli.ok(["export", "--out", csv])
            try cli.ok(["export", "--format", "json", "--out", json])
            try cli.ok(["report", "--out", html])
        }
        try refused(["export", "--format", "json", "--out", csv], target: csv)
        try refused(["export", "--out", json], target: json)
        try refused(["report", "--out", csv], target: csv)
        try refused(["export", "--out", html], target: html)
        // An empty file holds nothing to lose.
        let empty = cli.path("empty.csv")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        try cli.ok(["export", "--out", empty])
        #expect(try String(contentsOfFile: empty, encoding: .utf8).hasPrefix("record,kind,name"))
    }
}

/// Issue 13, item 8: the temporary files of killed commands carry their pid; the next command of the same kind
/// removes those older than a minute whose process is gone, and `check` reports what remains.
@Suite struct LeftoverTests {
    let cli: CLI
    let backups: String
    let temporary: String
    /// A process that has exited.
    let deadPID: Int32

    init() throws {
        var cli = try CLI()
        cli.environment["XDG_DATA_HOME"] = cli.path("xdg")
        temporary = cli.path("tmp")
        cli.environment["TMPDIR"] = temporary
        self.cli = cli
        backups = cli.path("xdg/flarelog/backups")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try cli.ok(["log", "symptom", "fatigue", "4"])
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        deadPID = exited.processIdentifier
    }

    /// Creates `path` (a folder when `folder`), last modified `age` seconds ago.
    private func leave(_ path: String, age: TimeInterval, folder: Bool = false) throws {
        if folder {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data("health data".utf8).write(to: URL(fileURLWithPath: path + "/flarelog.db"))
        } else {
            try Data("health data".utf8).write(to: URL(fileURLWithPath: path))
        }
        try FileManager.default.setAttributes([.modificationDate: Date() - age], ofItemAtPath: path)
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func checkReportsAndTheNextCommandRemovesLeftovers() throws {
        let oldBackup = backups + "/.flarelog-backup-\(deadPID)-a1b2c3.tmp"
        let youngBackup = backups + "/.flarelog-backup-\(deadPID)-d4e5f6.tmp"
        let runningBackup = backups + "/.flarelog-backup-\(getpid())-g7h8i9.tmp"
        let oldExport = cli.path(".flarelog-export-\(deadPID)-12345.tmp")
        let oldDryRun = temporary + "/flarelog-dry-run-\(deadPID)-Xy12Zw"
        try leave(oldBackup, age: 120)
        try leave(youngBackup, age: 5)
        try leave(runningBackup, age: 120)
        try leave(oldExport, age: 120)
        try leave(oldDryRun, age: 120, folder: true)

        let check = try CLI.json(try cli.ok(["check", "--format", "json"]))
        #expect(check["healthy"] as? Bool == true)
        let reported = try #require(check["leftovers"] as? [[String: Any]])
        #expect(Set(reported.compactMap { $0["path"] as? String }) == [oldBackup, youngBackup, oldExport, oldDryRun])
        #expect(reported.allSatisfy { $0["pid"] as? Int == Int(deadPID) })
        #expect(try cli.ok(["check"]).contains("leftover: \(oldBackup) (11 bytes) of a backup killed"))

        try cli.ok(["backup"])
        #expect(!exists(oldBackup) && exists(youngBackup) && exists(runningBackup))
        #expect(exists(oldExport) && exists(oldDryRun))
        try cli.ok(["export", "--out", cli.path("e.csv")])
        #expect(!exists(oldExport) && exists(oldDryRun))
        try cli.runRaw(["--db", cli.path("new/none.db"), "import", cli.path("e.csv"), "--dry-run"])
        #expect(!exists(oldDryRun))
        #expect(!exists(cli.path("new/none.db")))
        let remaining = try CLI.json(try cli.ok(["check", "--format", "json"]))["leftovers"] as? [[String: Any]]
        #expect(remaining?.compactMap { $0["path"] as? String } == [youngBackup])
    }
}

/// A path's folder, as the tests need it.
private struct PathName {
    let folder: String

    init(_ path: String) {
        folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}

/// Issue 13, items 9 and 10: a failed write leaves a rollback-journal file byte for byte as it was; an older
/// schema is read by no command but backup, which copies it as it is.
@Suite struct FileStateTests {
    let cli: CLI

    init() throws {
        cli = try OutputTargetTests.cliWithOneEntry()
    }

    /// Bytes 18 and 19 of the SQLite header: 1 for a rollback journal, 2 for WAL.
    private static func journalBytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path))[18..<20])
    }

    @Test func aFailedWriteLeavesARollbackJournalFileByteIdentical() throws {
        let backup = cli.path("copy.db")
        try cli.ok(["backup", backup])
        #expect(try Self.journalBytes(backup) == [1, 1])
        let digest = try sha256sum(backup)
        let failing: [[String]] = [
            ["log", "symptom", "no such item", "3"], ["log", "symptom", "fatigue", "11"],
            ["items", "add", "symptom", "fatigue", "--type", "scale"], ["flare", "end"], ["delete", "99"],
            ["config", "set", "day-start", "25:00"], ["edit", "1", "--value", "12"],
            ["items", "rename", "symptom", "nothing", "else"], ["import", cli.path("missing.csv")],
        ]
        for arguments in failing {
            let result = try cli.runRaw(["--db", backup] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(try sha256sum(backup) == digest, "\(arguments) changed the file")
        }
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
        try cli.runRaw(["--db", backup, "log", "symptom", "fatigue", "3"])
        #expect(try Self.journalBytes(backup) == [2, 2])
    }

    @Test func anOlderSchemaIsNotReadButCanBeBackedUpAndUpgraded() throws {
        let old = cli.path("v1.db")
        let migration = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Migrations/0001_init.sql")
        try BackupCommandTests.sqlite(old, ".read '\(migration.path)'")
        try BackupCommandTests.sqlite(old, "PRAGMA user_version = 1")
        let digest = try sha256sum(old)
        for command in [["list"], ["info"], ["export"], ["check"], ["summary"]] {
            let result = try cli.runRaw(["--db", old] + command)
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("has schema 1, from an older flarelog; run 'flarelog init' to upgrade"))
        }
        #expect(try sha256sum(old) == digest)
        let backup = try CLI.json(try cli.runRaw(["--db", old, "backup", "--format", "json"]).stdout)
        #expect(backup["schema_version"] as? Int == 1)
        #expect(try sha256sum(old) == digest)
        #expect(try cli.runRaw(["--db", old, "init"]).status == 0)
        #expect(try cli.runRaw(["--db", old, "list"]).status == 0)
    }
}
