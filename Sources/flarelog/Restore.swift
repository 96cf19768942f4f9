import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Replace the database with a backup, after verifying it and saving the current one.",
            discussion: """
                Without --yes, shows what would be replaced and changes nothing. With --yes, first saves the \
                current database as flarelog-YYYYMMDD-HHMMSS-before-restore.db in the backups folder. An encrypted \
                backup (.db.age, or any file 'age -p' made of a flarelog database) is decrypted with its passphrase \
                into a private temporary file, removed afterwards.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The backup file to restore (it is only read).", valueName: "backup"))
        var backup: String
        @Flag(help: "Really replace the database (otherwise only show what would change).") var yes = false
        @OptionGroup var passphrase: PassphraseOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("restore prints table or json, not csv") }
        }

        func run() throws {
            let database = global.path
            let key = try passphrase.passphrase(opening: backup)
            guard yes else {
                let plan = try FlareKit.Restore.plan(backup: backup, database: database, passphrase: key)
                switch format {
                case .json:
                    var json = Self.json(plan)
                    json["restored"] = .bool(false)
                    print(JSONValue.object(json).text)
                case .table, .csv:
                    print(Self.table(plan), terminator: "")
                    print("nothing was changed; re-run with --yes to replace \(database) with the backup")
                }
                return
            }
            let folder = BackupFolder.defaultPath()
            let result = try FlareKit.Restore.perform(
                backup: backup, database: database, safetyFolder: folder, passphrase: key)
            switch format {
            case .json:
                var json = Self.json(result.plan)
                json["restored"] = .bool(true)
                json["safety_backup"] = result.safetyBackup.map { .object(Flarelog.Backup.json($0)) } ?? .null
                json["database"] = .object(Self.json(result.restored))
                print(JSONValue.object(json).text)
            case .table, .csv:
                print(Self.table(result.plan), terminator: "")
                if let safety = result.safetyBackup {
                    print("the previous database is saved at \(safety.path)")
                }
                let days = Self.days(result.restored)
                print("restored \(database) from \(backup): \(result.restored.entries) entries\(days)")
            }
        }

        private static func days(_ summary: DatabaseSummary) -> String {
            guard let first = summary.firstDay, let last = summary.lastDay else { return "" }
            return ", \(first) to \(last)"
        }

        private static func table(_ plan: RestorePlan) -> String {
            var table = TextTable(columns: ["", "file", "schema", "entries", "first day", "last day"])
            let backup = plan.backup
            table.add([
                "backup", backup.path, "\(backup.schemaVersion)", "\(backup.entries)", backup.firstDay ?? "-",
                backup.lastDay ?? "-",
            ])
            if let current = plan.current {
                table.add([
                    "current", current.path, "\(current.schemaVersion)", "\(current.entries)", current.firstDay ?? "-",
                    current.lastDay ?? "-",
                ])
            } else if let problem = plan.currentProblem {
                table.add(["current", "unreadable: \(problem)", "-", "-", "-", "-"])
            } else {
                table.add(["current", "(no database yet)", "-", "-", "-", "-"])
            }
            return table.render()
        }

        private static func json(_ summary: DatabaseSummary) -> JSONObject {
            var json = JSONObject()
            json["path"] = .string(summary.path)
            json["schema_version"] = .int(Int(summary.schemaVersion))
            json["entries"] = .int(summary.entries)
            json["first_day"] = .string(summary.firstDay)
            json["last_day"] = .string(summary.lastDay)
            return json
        }

        private static func json(_ plan: RestorePlan) -> JSONObject {
            var object = JSONObject()
            object["backup"] = .object(json(plan.backup))
            object["current"] = plan.current.map { .object(json($0)) } ?? .null
            if let problem = plan.currentProblem { object["current_problem"] = .string(problem) }
            return object
        }
    }
}
