import Foundation
import Testing
import TestSupport

/// End-to-end tests of `backup`, `restore` and `check`, with test data written by the sqlite3 shell.
@Suite struct BackupCommandTests {
    let cli: CLI
    let backups: String

    init() throws {
        var cli = try CLI()
        cli.environment["XDG_DATA_HOME"] = cli.path("xdg")
        self.cli = cli
        backups = cli.path("xdg/flarelog/backups")
        try cli.ok(["init"])
        try Self.addEntries(cli.database, prefix: "first", count: 30)
    }

    /// Runs the sqlite3 shell on `database`, waiting up to 10 s for locks.
    @discardableResult
    static func sqlite(_ database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-cmd", ".timeout 10000", database, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 \(sql)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Inserts `count` consistent entries (item 1, one a day from 2026-01-01, 08:00 at UTC+1).
    static func addEntries(_ database: String, prefix: String, count: Int) throws {
        try sqlite(
            database,
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < \(count))
            INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, created_at, updated_at)
            SELECT '\(prefix)' || i, 1, date('2026-01-01', '+' || i || ' days') || 'T07:00:00.000Z', 60,
                   date('2026-01-01', '+' || i || ' days'), i % 11, 'x', 'x' FROM n
            """)
    }

    static func count(_ database: String) throws -> Int {
        Int(try sqlite(database, "SELECT count(*) FROM entry WHERE deleted_at IS NULL")) ?? -1
    }

    static func checkpoint(_ database: String) throws {
        try sqlite(database, "PRAGMA wal_checkpoint(TRUNCATE)")
    }

    @Test func backupGoesToThePrivateDefaultFolderAndPrintsItsDigest() throws {
        let json = try CLI.json(try cli.ok(["backup", "--format", "json"]))
        let path = try #require(json["path"] as? String)
        #expect(path.hasPrefix(backups + "/flarelog-"))
        #expect(json["entries"] as? Int == 30)
        #expect(json["verified"] as? String == "quick")
        #expect(json["sha256"] as? String == (try sha256sum(path)))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: backups)[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: backups).count == 1, "no temp or -wal file left")
        let table = try cli.ok(["backup", "--verify", "full"])
        #expect(table.contains("sha256"))
        #expect(table.contains("full check"))
        #expect(try cli.runRaw(["--db", path, "check"]).status == 0)
    }

    @Test func aFileDestinationIsNeverOverwritten() throws {
        let file = cli.path("copy.db")
        try cli.ok(["backup", file])
        let digest = try sha256sum(file)
        try cli.fails(["backup", file], status: 73, containing: "already exists")
        #expect(try sha256sum(file) == digest)
    }

    @Test func keepDeletesOnlyOldFlarelogBackups() throws {
        let folder = cli.path("mine")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A text file and a document named like backups, one with a date far in the future, and a hard link.
        let foreign = [
            "notes.txt", "flarelog-old.db", "flarelog-20200101-000000-before-restore.db",
            "flarelog-20200101-000000.db", "flarelog-20990101-000000.db",
        ]
        for name in foreign {
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let oldest = try #require(CLI.json(try cli.ok(["backup", folder, "--format", "json"]))["path"] as? String)
        let linked = try #require(CLI.json(try cli.ok(["backup", folder, "--format", "json"]))["path"] as? String)
        try FileManager.default.linkItem(atPath: linked, toPath: cli.path("kept-elsewhere.db"))
        try cli.ok(["backup", folder])
        let json = try CLI.json(try cli.ok(["backup", folder + "/", "--keep", "2", "--format", "json"]))
        #expect(json["removed"] as? [String] == [oldest])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(Set(foreign).isSubset(of: Set(left)))
        #expect(left.count == foreign.count + 3)
        #expect(left.contains(URL(fileURLWithPath: linked).lastPathComponent))
        try cli.fails(["backup", "--keep", "0"], status: 64)
    }

    @Test func backupWhileFourWriterProcessesKeepWriting() throws {
        try Self.addEntries(cli.database, prefix: "bulk", count: 5000)
        let stop = cli.path("stop")
        let writers = try (0..<4).map { writer -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            // Each acknowledged insert (sqlite3 exited 0 after COMMIT) is logged with its wall-clock time in ns.
            process.arguments = [
                "-c",
                """
                i=0
                while [ ! -e '\(stop)' ]; do
                  sqlite3 -cmd '.timeout 10000' '\(cli.database)' "INSERT INTO entry (uid, item_id, occurred_at, \
                utc_offset_min, local_day, value, created_at, updated_at) VALUES ('w\(writer)-$i', 2, \
                '2026-11-25T07:30:00.000Z', 0, '2026-11-25', 3, 'x', 'x')" || exit 1
                  echo "w\(writer)-$i $(date +%s%N)" >> '\(cli.path("ack\(writer)"))'
                  i=$((i + 1))
                done
                """,
            ]
            try process.run()
            return process
        }
        // Whatever happens below, the writers stop.
        var stopped = false
        func stopWriters() {
            guard !stopped else { return }
            stopped = true
            _ = FileManager.default.createFile(atPath: stop, contents: nil)
            for writer in writers { writer.waitUntilExit() }
        }
        defer { stopWriters() }
        Thread.sleep(forTimeInterval: 0.5)
        let started = UInt64(Date().timeIntervalSince1970 * 1e9)
        let result = try cli.run(["backup", cli.path("busy.db"), "--format", "json"])
        Thread.sleep(forTimeInterval: 0.3)
        stopWriters()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        var acknowledged: [String] = []
        var total = 0
        for writer in 0..<4 {
            let log = (try? String(contentsOfFile: cli.path("ack\(writer)"), encoding: .utf8)) ?? ""
            for line in log.split(separator: "\n") {
                let parts = line.split(separator: " ")
                total += 1
                if let time = UInt64(parts[1]), time < started { acknowledged.append(String(parts[0])) }
            }
        }
        #expect(!acknowledged.isEmpty)
        #expect(total > acknowledged.count, "writers kept writing during the backup")
        let copied = Set(
            try Self.sqlite(cli.path("busy.db"), "SELECT uid FROM entry WHERE uid LIKE 'w%'").split(separator: "\n")
                .map(String.init))
        let missing = acknowledged.filter { !copied.contains($0) }
        #expect(missing == [])
        let json = try CLI.json(result.stdout)
        #expect(json["entries"] as? Int == 5030 + copied.count)
        #expect(try cli.runRaw(["--db", cli.path("busy.db"), "check", "--full"]).status == 0)
    }

    @Test func restoreShowsThenReplacesAndKeepsASafetyBackup() throws {
        let backup = cli.path("b.db")
        try cli.ok(["backup", backup])
        let backupDigest = try sha256sum(backup)
        try Self.addEntries(cli.database, prefix: "later", count: 12)
        try Self.checkpoint(cli.database)
        let liveDigest = try sha256sum(cli.database)
        let preview = try cli.ok(["restore", backup])
        #expect(preview.contains("re-run with --yes"))
        #expect(preview.contains("42"))
        #expect(try sha256sum(cli.database) == liveDigest)
        let json = try CLI.json(try cli.ok(["restore", backup, "--yes", "--format", "json"]))
        #expect(json["restored"] as? Bool == true)
        #expect((json["current"] as? [String: Any])?["entries"] as? Int == 42)
        #expect((json["database"] as? [String: Any])?["entries"] as? Int == 30)
        #expect(try Self.count(cli.database) == 30)
        let safety = try #require((json["safety_backup"] as? [String: Any])?["path"] as? String)
        #expect(safety.hasPrefix(backups + "/flarelog-") && safety.hasSuffix("-before-restore.db"))
        #expect(try Self.count(safety) == 42)
        #expect(try sha256sum(backup) == backupDigest)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test(arguments: ["corrupt", "truncated"])
    func aDamagedBackupIsRefusedAndNothingChanges(kind: String) throws {
        try Self.addEntries(cli.database, prefix: "bulk", count: 4000)
        let backup = cli.path("b.db")
        try cli.ok(["backup", backup])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: backup)[.size] as? Int)
        let handle = try #require(FileHandle(forUpdatingAtPath: backup))
        if kind == "corrupt" {
            // Garbage over the b-tree header of the page in the middle of the file.
            try handle.seek(toOffset: UInt64(size / 4096 / 2 * 4096))
            try handle.write(contentsOf: Data(repeating: 0x5A, count: 32))
        } else {
            try handle.truncate(atOffset: UInt64(size / 2))
        }
        try handle.close()
        try Self.checkpoint(cli.database)
        let before = (try sha256sum(cli.database), try sha256sum(backup))
        try cli.fails(["restore", backup], status: 65, containing: kind == "corrupt" ? "is damaged" : "is truncated")
        try cli.fails(["restore", backup, "--yes"], status: 65)
        #expect((try sha256sum(cli.database), try sha256sum(backup)) == before)
        #expect(!FileManager.default.fileExists(atPath: backups))
    }

    @Test func aFailedBackupLeavesNoFileAndSaysSoOnOneLine() throws {
        try Self.addEntries(cli.database, prefix: "bulk", count: 4000)
        try Self.checkpoint(cli.database)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: cli.database)[.size] as? Int)
        let handle = try #require(FileHandle(forUpdatingAtPath: cli.database))
        try handle.seek(toOffset: UInt64(size / 4096 / 2 * 4096))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 32))
        try handle.close()
        let folder = cli.path("out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Which page the damage hits (the schema's tables move them) decides whether the copy's check reports
        // it ("failed its quick check") or fails on it ("is damaged"); both end the same way.
        try cli.fails(["backup", folder], status: 65, containing: "nothing was saved; run 'flarelog check --full'")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
        #expect(try cli.run(["check"]).status == 1)
    }

    @Test func checkPassesAHealthyDatabaseWithoutChangingIt() throws {
        try Self.checkpoint(cli.database)
        let digest = try sha256sum(cli.database)
        let output = try cli.ok(["check"])
        #expect(output.contains("ok: \(cli.database) passed every check"))
        let json = try CLI.json(try cli.ok(["check", "--full", "--format", "json"]))
        #expect(json["healthy"] as? Bool == true)
        #expect(json["problems"] as? Int == 0)
        #expect(try sha256sum(cli.database) == digest)
    }

    @Test func checkFindsInjectedInconsistencies() throws {
        try Self.sqlite(
            cli.database,
            """
            UPDATE entry SET local_day = '2025-12-31' WHERE uid = 'first0';
            UPDATE entry SET value = 42 WHERE uid = 'first1';
            """)
        try Self.checkpoint(cli.database)
        let digest = try sha256sum(cli.database)
        let stderr = try cli.fails(["check"], status: 1, containing: "2 problems found in \(cli.database)")
        #expect(stderr.contains("restore a backup"))
        let result = try cli.run(["check"])
        #expect(result.stdout.contains("local_day: entry 1: local_day 2025-12-31"))
        #expect(result.stdout.contains("value_range: entry 2"))
        let json = try CLI.json(try cli.run(["check", "--format", "json"]).stdout)
        #expect(json["healthy"] as? Bool == false)
        let failed = (json["checks"] as? [[String: Any]] ?? []).filter { $0["ok"] as? Bool == false }
        #expect(failed.compactMap { $0["name"] as? String } == ["local_day", "value_range"])
        #expect(try sha256sum(cli.database) == digest)
    }

    @Test func checkRefusesWhatIsNotAFlarelogDatabaseLikeEveryCommand() throws {
        let file = cli.path("notes.db")
        try Data("date,pain\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try cli.runRaw(["--db", file, "check"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("flarelog: error: ") && result.stderr.contains("is not a flarelog database"))
        #expect(try cli.runRaw(["--db", cli.path("missing.db"), "backup"]).status == 66)
    }
}
