import ArgumentParser
import FlareKit

/// Where the passphrase of an encrypted file comes from: never the command line itself.
struct PassphraseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Read the passphrase from the first line of this file (mode 0600); else $FLARELOG_PASSPHRASE, else the"
                + " terminal.", valueName: "file"))
    var passphraseFile: String?

    /// The passphrase, asked twice on the terminal when it encrypts a new file (`confirm`).
    func passphrase(confirm: Bool) throws -> Passphrase {
        try PassphraseSource.read(file: passphraseFile, confirm: confirm)
    }

    /// The passphrase and work factor a new encrypted file is made with.
    func encryption() throws -> Encryption {
        let workFactor = try AgeFormat.workFactor()
        return Encryption(passphrase: try passphrase(confirm: true), workFactor: workFactor)
    }

    /// The passphrase that opens `path` when it is an age file; nil (and nothing asked) for any other file.
    func passphrase(opening path: String) throws -> Passphrase? {
        AgeFormat.isEncrypted(path) ? try passphrase(confirm: false) : nil
    }
}
