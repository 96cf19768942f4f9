import ArgumentParser
import FlareKit
import FoundationEssentials

extension Verification: CaseArgument {}

extension Flarelog {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database into a verified, self-contained backup file while it stays in use.",
            discussion: """
                The copy is one consistent snapshot. It is checked (integrity, application id, schema version, \
                row counts) before it gets its name; a failed backup leaves no file behind. With --encrypt (or \
                'config set backup-encrypt on') the checked copy is encrypted with a passphrase into an age file, \
                flarelog-YYYYMMDD-HHMMSS.db.age, which 'age -d' opens as well; it is decrypted again and compared \
                before it gets its name.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(
            help: ArgumentHelp(
                "A backup file (must not exist) or a folder (default: $XDG_DATA_HOME/flarelog/backups).",
                valueName: "dest"))
        var destination: String?
        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "Keep only the newest N backups in the folder (files named flarelog-YYYYMMDD-HHMMSS.db).",
                valueName: "n"))
        var keep: Int?
        @Option(
            help: ArgumentHelp(
                "How to check the copy: quick (quick_check) or full (integrity_check).", valueName: "quick|full"))
        var verify: Verification = .quick
        @Flag(
            inversion: .prefixedNo,
            help: "Encrypt the backup with a passphrase (age format; default: the backup-encrypt setting).")
        var encrypt: Bool?
        @OptionGroup var passphrase: PassphraseOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
            if format == .csv { throw ValidationError("backup prints table or json, not csv") }
        }

        func run() throws {
            let database = try global.open(.readAnySchema)
            let encrypts = try encrypt ?? database.encryptsBackups()
            let receipt = try database.backup(
                to: .resolve(destination), verification: verify, keep: keep,
                encryption: encrypts ? passphrase.encryption() : nil)
            switch format {
            case .json: print(JSONValue.object(Self.json(receipt)).text)
            case .table, .csv:
                var table = TextTable(columns: ["", ""])
                table.add(["backup", receipt.path])
                table.add(["size", "\(receipt.sizeBytes) bytes"])
                table.add(["entries", "\(receipt.counts?.entries ?? 0)"])
                table.add(["schema version", "\(receipt.schemaVersion)"])
                table.add(["verified", "\(receipt.verification?.rawValue ?? "no") check, counts match"])
                table.add(["sha256", receipt.sha256])
                if receipt.encrypted { table.add(["encrypted", "yes (age, passphrase; decrypted and compared)"]) }
                for path in receipt.removed { table.add(["removed", path]) }
                print(table.render(header: false), terminator: "")
            }
        }

        /// The JSON shape the README documents, shared with `restore`'s safety backup.
        static func json(_ receipt: BackupReceipt) -> JSONObject {
            var json = JSONObject()
            json["path"] = .string(receipt.path)
            json["size_bytes"] = .int(Int(receipt.sizeBytes))
            json["schema_version"] = .int(Int(receipt.schemaVersion))
            json["entries"] = .int(receipt.counts?.entries)
            json["sha256"] = .string(receipt.sha256)
            json["verified"] = .string(receipt.verification?.rawValue)
            json["removed"] = .array(receipt.removed.map { .string($0) })
            json["encrypted"] = .bool(receipt.encrypted)
            return json
        }
    }
}
