import Foundation
import Testing
import TestSupport

/// End-to-end tests of the encrypted backups, exports and reports (age format, passphrase), with the test work
/// factor: the files are the same as with the default, scrypt just costs less.
@Suite struct EncryptionCommandTests {
    let cli: CLI
    let backups: String
    let secret = "tulip-anvil-7-quiet"
    let passphraseFile: String

    init() throws {
        cli = try CLI.encrypting()
        backups = cli.path("xdg/flarelog/backups")
        passphraseFile = cli.path("passphrase")
        try Self.writePrivate(passphraseFile, secret + "\n")
        try cli.ok(["init"])
        try BackupCommandTests.addEntries(cli.database, prefix: "first", count: 30)
    }

    static func writePrivate(_ path: String, _ text: String, mode: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func encryptedBackup(_ extra: [String] = []) throws -> [String: Any] {
        try CLI.json(
            try cli.ok(["backup", "--encrypt", "--passphrase-file", passphraseFile, "--format", "json"] + extra))
    }

    /// Names of the files in `folder` (none when it does not exist).
    static func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Every file of the test's home holds no trace of the passphrase, and no temporary file is left.
    func expectNoSecretAndNoLeftovers(_ outputs: [String] = []) throws {
        for output in outputs { #expect(!output.contains(secret)) }
        let files = FileManager.default.enumerator(atPath: cli.home.path)?.compactMap { $0 as? String } ?? []
        for name in files where !["passphrase", "open"].contains(name) {
            let data = (try? Data(contentsOf: cli.home.appendingPathComponent(name))) ?? Data()
            #expect(data.firstRange(of: Data(secret.utf8)) == nil, "\(name) holds the passphrase")
            #expect(!name.contains(".flarelog-backup-") && !name.hasSuffix(".tmp"), "left behind: \(name)")
        }
    }

    @Test func encryptedBackupRestoresAndHoldsNoPlaintext() throws {
        let json = try encryptedBackup()
        let path = try #require(json["path"] as? String)
        #expect(path.hasPrefix(backups + "/flarelog-") && path.hasSuffix(".db.age"))
        #expect(json["encrypted"] as? Bool == true)
        #expect(json["entries"] as? Int == 30)
        #expect(json["sha256"] as? String == (try sha256sum(path)))
        #expect(json["size_bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(sealed.starts(with: Data("age-encryption.org/v1\n-> scrypt ".utf8)))
        #expect(sealed.firstRange(of: Data("SQLite format 3".utf8)) == nil)
        #expect(sealed.firstRange(of: Data("first1".utf8)) == nil)

        try BackupCommandTests.addEntries(cli.database, prefix: "later", count: 5)
        #expect(try BackupCommandTests.count(cli.database) == 35)
        let plan = try cli.ok(["restore", path, "--passphrase-file", passphraseFile])
        #expect(plan.contains(path) && plan.contains("nothing was changed"))
        let restored = try CLI.json(
            try cli.ok(["restore", path, "--yes", "--passphrase-file", passphraseFile, "--format", "json"]))
        #expect(restored["restored"] as? Bool == true)
        #expect(try BackupCommandTests.count(cli.database) == 30)
        let safety = try #require((restored["safety_backup"] as? [String: Any])?["path"] as? String)
        #expect(safety.hasSuffix("-before-restore.db"))
        try expectNoSecretAndNoLeftovers([plan])
    }

    /// A wrong passphrase, a truncated file, a changed byte in the header and in the payload, another format
    /// named .age: all refused the same way, exit 65, with the database and the folders as they were.
    @Test func badEncryptedBackupsChangeNothing() throws {
        let path = try #require(try encryptedBackup()["path"] as? String)
        try BackupCommandTests.addEntries(cli.database, prefix: "later", count: 5)
        try BackupCommandTests.checkpoint(cli.database)
        let before = try sha256sum(cli.database)
        let sealed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func changed(_ offset: Int) -> [UInt8] {
            var bytes = sealed
            bytes[offset] ^= 0x20
            return bytes
        }
        let wrong = cli.path("wrong")
        try Self.writePrivate(wrong, "tulip-anvil-7-loud\n")
        var cases: [(String, [UInt8], String)] = [
            ("wrong-passphrase.age", sealed, wrong), ("truncated.age", Array(sealed.dropLast(100)), passphraseFile),
            ("header.age", changed(40), passphraseFile), ("mac.age", changed(130), passphraseFile),
            ("payload.age", changed(sealed.count - 200), passphraseFile),
            ("cut-at-chunk.age", Array(sealed.prefix(Self.firstChunkEnd(sealed))), passphraseFile),
        ]
        cases.append(("other.age", Array("age-encryption.org/v1\nnot really\n".utf8), passphraseFile))
        let folderBefore = Self.names(backups)
        for (name, bytes, key) in cases {
            let file = cli.path(name)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            for extra in [[], ["--yes"]] {
                let message = try cli.fails(["restore", file, "--passphrase-file", key] + extra, status: 65)
                #expect(
                    message
                        == "flarelog: error: \(file): wrong passphrase, or not a flarelog backup; nothing was changed\n",
                    "\(name)")
            }
        }
        #expect(try sha256sum(cli.database) == before)
        #expect(Self.names(backups) == folderBefore)
        try expectNoSecretAndNoLeftovers()
    }

    /// Where the first payload chunk of an age file ends (after the header, the 16-byte nonce and 64 KiB + tag),
    /// or the payload's start when the file has only one chunk: a cut there leaves whole chunks only.
    static func firstChunkEnd(_ sealed: [UInt8]) -> Int {
        guard let macLine = sealed.firstRange(of: Array("\n--- ".utf8)),
            let headerEnd = sealed[macLine.upperBound...].firstIndex(of: 0x0A)
        else { return 0 }
        let end = headerEnd + 1 + 16 + 65_552
        return sealed.count > end ? end : headerEnd + 1 + 16
    }

    @Test func passphraseSources() throws {
        let open = cli.path("open")
        try Self.writePrivate(open, secret + "\n", mode: 0o644)
        try cli.fails(
            ["backup", "--encrypt", "--passphrase-file", open], status: 64,
            containing: "can be read by others (mode 644)")
        let empty = cli.path("empty")
        try Self.writePrivate(empty, "\nsecond line\n")
        try cli.fails(["backup", "--encrypt", "--passphrase-file", empty], status: 64, containing: "is empty")
        try cli.fails(["backup", "--encrypt", "--passphrase-file", cli.path("none")], status: 66)
        let fromEnvironment = try cli.runRaw(
            ["--db", cli.database, "backup", "--encrypt", "--format", "json"],
            extraEnvironment: ["FLARELOG_PASSPHRASE": secret])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let path = try #require(try CLI.json(fromEnvironment.stdout)["path"] as? String)
        // The same passphrase from the file opens it: the file's line ending is not part of it.
        try cli.ok(["restore", path, "--passphrase-file", passphraseFile])
        let emptyVariable = try cli.runRaw(
            ["--db", cli.database, "backup", "--encrypt"], extraEnvironment: ["FLARELOG_PASSPHRASE": ""])
        #expect(emptyVariable.status == 64 && emptyVariable.stderr.contains("empty"))
        try expectNoSecretAndNoLeftovers([fromEnvironment.stdout, fromEnvironment.stderr])
        #expect(Self.names(backups).count == 1)
    }

    /// Without a terminal (a new session has none) and no other source, the command says where to put it.
    @Test func noTerminalNoPassphrase() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["-w", CLI.binary.path, "--db", cli.database, "backup", "--encrypt"]
        process.environment = cli.environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(message.contains("no terminal to ask for the passphrase on; give --passphrase-file"))
        #expect(Self.names(backups).isEmpty)
    }

    @Test func configMakesEncryptionTheDefault() throws {
        #expect(try cli.ok(["config", "get", "backup-encrypt"]) == "off\n")
        try cli.ok(["config", "set", "backup-encrypt", "on"])
        let encrypted = try CLI.json(
            try cli.ok(["backup", "--passphrase-file", passphraseFile, "--format", "json"]))
        #expect((encrypted["path"] as? String)?.hasSuffix(".db.age") == true)
        let plain = try CLI.json(try cli.ok(["backup", "--no-encrypt", "--format", "json"]))
        #expect((plain["path"] as? String)?.hasSuffix(".db") == true)
        #expect(plain["encrypted"] as? Bool == false)
        try cli.fails(["config", "set", "backup-encrypt", "maybe"], status: 65)
    }

    /// --keep counts an encrypted backup only when it opens with the passphrase of the backup being made and is a
    /// verified flarelog backup; one made with another passphrase, or a look-alike, stays.
    @Test func keepTreatsEncryptedBackupsLikeTheOthers() throws {
        let first = try #require(try encryptedBackup()["path"] as? String)
        let other = cli.path("other")
        try Self.writePrivate(other, "another one\n")
        let foreign = try #require(
            try CLI.json(try cli.ok(["backup", "--encrypt", "--passphrase-file", other, "--format", "json"]))["path"]
                as? String)
        let lookAlike = backups + "/flarelog-20200101-000000.db.age"
        try Data("age-encryption.org/v1\n".utf8).write(to: URL(fileURLWithPath: lookAlike))
        let plain = try #require(try CLI.json(try cli.ok(["backup", "--format", "json"]))["path"] as? String)
        let second = try #require(try encryptedBackup()["path"] as? String)
        let third = try encryptedBackup(["--keep", "2"])
        let removed = try #require(third["removed"] as? [String])
        // The newest two verified backups are the third and the second; the first encrypted and the plain one go.
        #expect(Set(removed) == [first, plain])
        #expect(FileManager.default.fileExists(atPath: second))
        #expect(FileManager.default.fileExists(atPath: foreign) && FileManager.default.fileExists(atPath: lookAlike))
    }

    @Test func encryptedExportImportsIntoAnotherDatabase() throws {
        // Entries as `log` writes them (the shell-made ones have placeholder timestamps that import refuses).
        try BackupCommandTests.sqlite(cli.database, "DELETE FROM entry")
        for (index, day) in ["2026-03-01", "2026-03-02", "2026-03-03"].enumerated() {
            try cli.ok(["log", "trigger", "stress", "\(index + 2)", "--at", "\(day)T09:00"])
        }
        let file = cli.path("export.csv.age")
        try cli.ok(["export", "--encrypt", "--out", file, "--passphrase-file", passphraseFile])
        let sealed = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(sealed.starts(with: Data("age-encryption.org/v1\n".utf8)))
        #expect(sealed.firstRange(of: Data("first1".utf8)) == nil)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        // Again over it: an earlier encrypted export that opens with the passphrase may be replaced.
        try cli.ok(["export", "--encrypt", "--out", file, "--passphrase-file", passphraseFile])
        let other = cli.path("other")
        try Self.writePrivate(other, "another one\n")
        try cli.fails(
            ["export", "--encrypt", "--out", file, "--passphrase-file", other], status: 73,
            containing: "not an earlier encrypted flarelog CSV export")
        try cli.fails(["export", "--encrypt"], status: 64, containing: "--encrypt needs --out")

        let json = cli.path("export.json.age")
        try cli.ok(["export", "--format", "json", "--encrypt", "--out", json, "--passphrase-file", passphraseFile])
        for source in [file, json] {
            let target = cli.path("copy-\(UUID().uuidString).db")
            let result = try cli.runRaw(
                ["--db", target, "import", source, "--passphrase-file", passphraseFile, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try BackupCommandTests.count(target) == 3)
        }
        let wrong = try cli.runRaw(["--db", cli.path("never.db"), "import", file, "--passphrase-file", other])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("wrong passphrase, or not a flarelog export"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("never.db")))
        try expectNoSecretAndNoLeftovers()
    }

    @Test func encryptedReport() throws {
        let out = try cli.ok(["report", "--encrypt", "--passphrase-file", passphraseFile])
        let name = try #require(Self.names(cli.home.path).first { $0.hasPrefix("flarelog-report-") })
        #expect(name.hasSuffix(".html.age") && out.contains(name))
        let sealed = try Data(contentsOf: cli.home.appendingPathComponent(name))
        #expect(sealed.starts(with: Data("age-encryption.org/v1\n".utf8)))
        #expect(sealed.firstRange(of: Data("<!DOCTYPE".utf8)) == nil)
        try cli.fails(["report", "--encrypt", "--out", "-"], status: 64)
    }
}

extension CLI {
    /// A CLI whose backups go to the data folder of its own home and whose scrypt has the test work factor.
    static func encrypting() throws -> CLI {
        var cli = try CLI()
        cli.environment["XDG_DATA_HOME"] = cli.path("xdg")
        cli.environment["FLARELOG_SCRYPT_WORK_FACTOR"] = "10"
        return cli
    }
}
