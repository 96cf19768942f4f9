import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract:
                "Read or change a preference: day-start (when a new tracking day begins, HH:MM), checkin (its items),"
                + " backup-encrypt (on/off).",
            discussion: """
                flarelog config get day-start
                flarelog config set day-start 04:00   (entries before 04:00 count for the day before)
                flarelog config set checkin "widespread pain, fatigue, stress, sleep, yoga"
                flarelog config set checkin ""        (back to the items logged on 3 of the last 30 days)
                flarelog config set backup-encrypt on (backup encrypts without --encrypt)
                """)

        enum Action: String, CaseArgument { case get, set }

        @OptionGroup var global: GlobalOptions
        @Argument(help: "get or set.") var action: Action
        @Argument(help: "The setting: day-start, checkin or backup-encrypt.") var key: String
        @Argument(help: "The new value (with set).") var value: String?

        func validate() throws {
            guard SettingKey(rawValue: key) != nil else {
                throw ValidationError(
                    "unknown setting '\(key)'; known: \(SettingKey.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if action == .set && value == nil { throw ValidationError("'config set \(key)' needs a value") }
            if action == .get && value != nil { throw ValidationError("'config get' takes no value") }
        }

        func run() throws {
            guard let setting = SettingKey(rawValue: key) else { return }
            switch action {
            case .get:
                // A database that does not exist yet has every setting at its default; any other problem
                // (not a flarelog file, unreadable) is an error like in every other command.
                let exists = FileManager.default.fileExists(atPath: global.path)
                print(exists ? try global.open(.read).setting(setting) : setting.defaultValue)
            case .set:
                print("\(key) = \(try global.open(.write).setSetting(setting, to: value ?? ""))")
            }
        }
    }
}
