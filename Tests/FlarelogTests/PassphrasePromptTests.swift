import Foundation
import Testing

/// The passphrase prompt in a real terminal (tmux): what is typed is not shown, and however the process ends at
/// the prompt (Ctrl-C, a kill, a hang-up) the terminal gets its echo back and nothing is written.
@Suite(.timeLimit(.minutes(2))) struct PassphrasePromptTests {
    let cli: CLI
    let backups: String

    init() throws {
        cli = try CLI.encrypting()
        backups = cli.path("xdg/flarelog/backups")
        try cli.ok(["log", "fatigue=5", "stress=4", "--at", "2026-06-01"])
    }

    static let enabled = Terminal.tmux != nil
    static let missing = Comment(rawValue: Terminal.missing)

    @Test(.enabled(if: enabled, missing)) func aTypedPassphraseIsNotShownAndEchoComesBack() throws {
        let terminal = try Terminal(cli, ["backup", "--encrypt"])
        try terminal.waitFor("Passphrase: ")
        try terminal.answer("marble-otter-42")
        try terminal.waitFor("Passphrase again: ")
        try terminal.answer("marble-otter-42")
        let screen = try terminal.waitFor("[terminal: ")
        #expect(screen.contains("[exit 0]"))
        #expect(screen.contains("[terminal: echo]"))
        #expect(!screen.contains("marble-otter-42"))
        #expect(EncryptionCommandTests.names(backups).filter { $0.hasSuffix(".db.age") }.count == 1)
    }

    @Test(.enabled(if: enabled, missing), arguments: [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)])
    func endedAtTheSecondPromptWritesNothingAndEchoComesBack(signal: Int32, status: Int) throws {
        let before = try cli.snapshot()
        let terminal = try Terminal(cli, ["backup", "--encrypt"])
        try terminal.waitFor("Passphrase: ")
        try terminal.answer("marble-otter-42")
        try terminal.waitFor("Passphrase again: ")
        if signal == SIGINT { try terminal.press("C-c") } else { try terminal.send(signal) }
        let screen = try terminal.waitFor("[terminal: ")
        #expect(screen.contains("[exit \(status)]"))
        #expect(screen.contains("[terminal: echo]"))
        #expect(EncryptionCommandTests.names(backups).isEmpty)
        #expect(try cli.snapshot() == before)
    }

    @Test(.enabled(if: enabled, missing)) func ctrlCBeforeAnythingIsTypedLeavesEcho() throws {
        let terminal = try Terminal(cli, ["backup", "--encrypt"])
        try terminal.waitFor("Passphrase: ")
        try terminal.press("C-c")
        let screen = try terminal.waitFor("[terminal: ")
        #expect(screen.contains("[exit 130]"))
        #expect(screen.contains("[terminal: echo]"))
        #expect(EncryptionCommandTests.names(backups).isEmpty)
    }

    @Test(.enabled(if: enabled, missing)) func ctrlCAtTheRestorePromptChangesNothing() throws {
        let passphraseFile = cli.path("passphrase")
        try EncryptionCommandTests.writePrivate(passphraseFile, "marble-otter-42\n")
        let backup = try CLI.json(
            try cli.ok(["backup", "--encrypt", "--passphrase-file", passphraseFile, "--format", "json"]))
        let path = try #require(backup["path"] as? String)
        try cli.ok(["log", "stress=7", "--at", "2026-06-02"])
        let before = try cli.snapshot()
        let terminal = try Terminal(cli, ["restore", path, "--yes"])
        try terminal.waitFor("Passphrase: ")
        try terminal.press("C-c")
        let screen = try terminal.waitFor("[terminal: ")
        #expect(screen.contains("[exit 130]"))
        #expect(screen.contains("[terminal: echo]"))
        #expect(try cli.snapshot() == before)
    }
}
