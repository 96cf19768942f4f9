import ArgumentParser
import FlareKit
import FoundationEssentials
import Glibc

extension Flarelog {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a flarelog export, or a Bearable or Flaredown CSV: all rows or none.",
            discussion: """
                Unknown items are created. Re-importing the same file adds nothing: each row has a uid derived \
                from its content. Bad rows are listed as FILE:LINE: column C: reason (at most 20) and nothing \
                is imported (exit 65).
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The file to import.", valueName: "file")) var file: String
        @Option(help: "What wrote the file: flarelog, bearable, flaredown or flaredown-long.")
        var from: ImportFrom = .flarelog
        @Option(help: ArgumentHelp("The user to import from a Flaredown long file with several.", valueName: "id"))
        var user: String?
        @Flag(help: "Report what would be imported; write nothing.") var dryRun = false
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format takes table or json") }
        }

        func run() throws {
            let options = ImportOptions(
                source: from.source, user: user, dryRun: dryRun, timeZone: .user, now: Timestamp.now())
            let showProgress = isatty(STDERR_FILENO) == 1
            let report: ImportReport
            do {
                report = try Importer.importFile(file, databasePath: global.path, options: options) { rows in
                    if showProgress { writeToStandardError("\rread \(rows) rows…") }
                }
            } catch let failure as ImportFailure {
                if showProgress { writeToStandardError("\r\u{1B}[K") }
                let lines = failure.problems.map { "\($0)\n" }.joined()
                writeToStandardError(lines)
                throw failure.error
            }
            if showProgress && report.rows >= 100_000 { writeToStandardError("\r\u{1B}[K") }
            print(
                format == .json ? Self.json(report).text : Self.table(report), terminator: format == .json ? "\n" : "")
        }

        static func json(_ report: ImportReport) -> JSONValue {
            var json = JSONObject()
            json["dry_run"] = .bool(report.dryRun)
            json["rows"] = .int(report.rows)
            var created = JSONObject()
            var skipped = JSONObject()
            for kind in ItemKind.allCases {
                created[kind.rawValue] = .int(report.entriesCreated[kind] ?? 0)
                skipped[kind.rawValue] = .int(report.entriesSkipped[kind] ?? 0)
            }
            json["entries_created"] = .object(created)
            json["entries_skipped"] = .object(skipped)
            json["rows_without_value"] = .int(report.rowsWithoutValue)
            json["items_created"] = .array(
                report.itemsCreated.map { item in
                    var object = JSONObject()
                    object["kind"] = .string(item.kind.rawValue)
                    object["name"] = .string(item.name)
                    object["value_type"] = .string(item.valueType.rawValue)
                    object["unit"] = .string(item.unit)
                    return .object(object)
                })
            json["flares_created"] = .int(report.flaresCreated)
            json["flares_skipped"] = .int(report.flaresSkipped)
            json["settings_created"] = .int(report.settingsCreated)
            json["settings_skipped"] = .int(report.settingsSkipped)
            json["notes_created"] = .int(report.notesCreated)
            json["notes_skipped"] = .int(report.notesSkipped)
            return .object(json)
        }

        static func table(_ report: ImportReport) -> String {
            var text = report.dryRun ? "dry run: nothing was written\n" : ""
            var table = TextTable(columns: ["", "created", "skipped"])
            for kind in ItemKind.allCases {
                table.add([
                    "\(kind.rawValue) entries", "\(report.entriesCreated[kind] ?? 0)",
                    "\(report.entriesSkipped[kind] ?? 0)",
                ])
            }
            table.add(["items", "\(report.itemsCreated.count)", ""])
            table.add(["flares", "\(report.flaresCreated)", "\(report.flaresSkipped)"])
            table.add(["settings", "\(report.settingsCreated)", "\(report.settingsSkipped)"])
            table.add(["notes", "\(report.notesCreated)", "\(report.notesSkipped)"])
            text += table.render()
            text += "rows read: \(report.rows)"
            text += report.rowsWithoutValue > 0 ? " (\(report.rowsWithoutValue) without a value)\n" : "\n"
            for item in report.itemsCreated {
                let type = item.valueType.rawValue + (item.unit.map { ", \($0)" } ?? "")
                text += "new \(item.kind.rawValue): \(item.name) (\(type))\n"
            }
            return text
        }
    }
}

/// The sources `flarelog import --from` knows.
enum ImportFrom: String, CaseArgument {
    case flarelog, bearable, flaredown
    case flaredownLong = "flaredown-long"

    var source: ImportSource { ImportSource(rawValue: rawValue) ?? .flarelog }
}
