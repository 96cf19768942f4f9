import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show the database's path, size, schema and SQLite versions, and row counts.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() throws {
            let info = try global.open(.read).info()
            switch format {
            case .json:
                var json = JSONObject()
                json["path"] = .string(info.path)
                json["size_bytes"] = .int(Int(info.sizeBytes))
                json["schema_version"] = .int(Int(info.schemaVersion))
                json["sqlite_version"] = .string(info.sqliteVersion)
                var counts = JSONObject()
                for (table, rows) in info.counts { counts[table] = .int(rows) }
                json["counts"] = .object(counts)
                print(JSONValue.object(json).text)
            case .table, .csv:
                var table = TextTable(columns: ["", ""])
                table.add(["path", info.path])
                table.add(["size", "\(info.sizeBytes) bytes"])
                table.add(["schema version", "\(info.schemaVersion)"])
                table.add(["SQLite version", info.sqliteVersion])
                for (name, rows) in info.counts {
                    table.add([name.replacingEvery("_", with: " "), "\(rows)"])
                }
                print(table.render(header: false), terminator: "")
            }
        }
    }
}
