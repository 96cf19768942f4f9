import Foundation
import Testing

@testable import FlareKit

/// Interoperability with the real `age` tool: it opens what flarelog writes, and flarelog restores and imports
/// what `age -p` writes.
@Suite(.enabled(if: AgeTool.isInstalled, AgeTool.missing)) struct AgeInteropTests {
    let cli: CLI
    let secret = "interop passphrase"
    let passphraseFile: String

    init() throws {
        cli = try CLI.encrypting()
        passphraseFile = cli.path("passphrase")
        try EncryptionCommandTests.writePrivate(passphraseFile, secret + "\n")
        try cli.ok(["init"])
        try BackupCommandTests.addEntries(cli.database, prefix: "first", count: 40)
    }

    @Test func ageOpensAnEncryptedBackup() throws {
        let json = try CLI.json(
            try cli.ok(["backup", "--encrypt", "--passphrase-file", passphraseFile, "--format", "json"]))
        let path = try #require(json["path"] as? String)
        let opened = cli.path("opened.db")
        let result = try AgeTool.run(["-d", "-o", opened, path], typed: [secret])
        #expect(result.status == 0, "\(result.screen)")
        #expect(try BackupCommandTests.sqlite(opened, "PRAGMA integrity_check") == "ok")
        #expect(try BackupCommandTests.count(opened) == 40)
        let entries = "SELECT uid, value, occurred_at FROM entry ORDER BY uid"
        #expect(
            try BackupCommandTests.sqlite(opened, entries) == (try BackupCommandTests.sqlite(cli.database, entries)))
    }

    @Test func ageOpensAnEncryptedExport() throws {
        let file = cli.path("export.csv.age")
        try cli.ok(["export", "--encrypt", "--out", file, "--passphrase-file", passphraseFile])
        let opened = cli.path("export.csv")
        #expect(try AgeTool.run(["-d", "-o", opened, file], typed: [secret]).status == 0)
        #expect(try String(contentsOfFile: opened, encoding: .utf8) == (try cli.ok(["export"])))
    }

    @Test func aDatabaseEncryptedByAgeRestores() throws {
        let copy = try #require(try CLI.json(try cli.ok(["backup", "--format", "json"]))["path"] as? String)
        let sealed = cli.path("from-age.db.age")
        let made = try AgeTool.run(["-p", "-o", sealed, copy], typed: [secret, secret])
        #expect(made.status == 0, "\(made.screen)")
        try BackupCommandTests.addEntries(cli.database, prefix: "later", count: 5)
        try cli.ok(["restore", sealed, "--yes", "--passphrase-file", passphraseFile])
        #expect(try BackupCommandTests.count(cli.database) == 40)
        let wrong = cli.path("wrong")
        try EncryptionCommandTests.writePrivate(wrong, "not it\n")
        try cli.fails(
            ["restore", sealed, "--yes", "--passphrase-file", wrong], status: 65,
            containing: "wrong passphrase, or not a flarelog backup")
    }

    /// The writer at the chunk edges: `age -d` opens an empty file, exactly one full chunk, more than one.
    @Test(arguments: [0, 65_536, 100_000])
    func ageOpensWhatTheWriterWrites(size: Int) throws {
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let input = cli.path("plain-\(size)")
        try Data(plaintext).write(to: URL(fileURLWithPath: input))
        let sealed = cli.path("sealed-\(size).age")
        let descriptor = open(sealed, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        _ = try EncryptedFile.encrypt(
            fileAt: input, to: descriptor, name: sealed, Encryption(passphrase: try Passphrase(secret), workFactor: 10))
        close(descriptor)
        let opened = cli.path("opened-\(size)")
        let result = try AgeTool.run(["-d", "-o", opened, sealed], typed: [secret])
        #expect(result.status == 0, "\(result.screen)")
        // age creates its output at the first byte it writes: none for an empty payload.
        let data =
            size == 0
            ? (try? Data(contentsOf: URL(fileURLWithPath: opened))) ?? Data()
            : try Data(
                contentsOf: URL(fileURLWithPath: opened))
        #expect([UInt8](data) == plaintext)
    }

    /// The reader on `age -p` files at the chunk edges: empty, exactly one full chunk, more than one.
    @Test(arguments: [0, 65_536, 100_000])
    func readerOpensWhatAgeWrites(size: Int) throws {
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let input = cli.path("plain-\(size)")
        try Data(plaintext).write(to: URL(fileURLWithPath: input))
        let sealed = cli.path("sealed-\(size).age")
        #expect(try AgeTool.run(["-p", "-o", sealed, input], typed: [secret, secret]).status == 0)
        #expect(try EncryptedFile.decrypt(sealed, try Passphrase(secret)) == plaintext)
        #expect(throws: AgeError.noMatch) { try EncryptedFile.decrypt(sealed, try Passphrase("other")) }
    }
}
