import ArgumentParser
import FlareKit
import FoundationEssentials
import Glibc

extension Flarelog {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a flarelog export, or a Bearable or Flaredown CSV, losing no row.",
            discussion: """
                Unknown items are created. Re-importing the same file adds nothing: each row has a uid derived \
                from its content. Another app's row that fits no entry is kept as a note (its text, the file \
                and the line), or, when it has no date, listed as skipped with the reason. A flarelog export, \
                or any file with --strict, is all or nothing: bad rows are listed as FILE:LINE: column C: \
                reason (at most 20) and nothing is imported (exit 65). An encrypted export (age) is decrypted in \
                memory with its passphrase.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The file to import.", valueName: "file")) var file: String
        @Option(help: "What wrote the file: flarelog, bearable, flaredown, flaredown-long, daylio or visible.")
        var from: ImportFrom = .flarelog
        @Option(help: ArgumentHelp("The user to import from a Flaredown long file with several.", valueName: "id"))
        var user: String?
        @Option(
            help:
                "Daylio's five mood labels as you renamed them, best first, e.g. \"Great,Good,Medium,Not so good,Awful\"."
        )
        var moodLabels: String?
        @Flag(help: "Report what would be imported; write nothing.") var dryRun = false
        @Flag(help: "Refuse another app's file when any row fits no entry (flarelog's own format always is).")
        var strict = false
        @OptionGroup var passphrase: PassphraseOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format takes table or json") }
            if let labels = moodLabels?.split(separator: ",", omittingEmptySubsequences: false) {
                guard from == .daylio else { throw ValidationError("--mood-labels goes with --from daylio") }
                guard labels.count == 5, labels.allSatisfy({ !$0.trimmed().isEmpty }) else {
                    throw ValidationError("--mood-labels takes five comma-separated labels, best first")
                }
            }
        }

        func run() throws {
            var options = ImportOptions(
                source: from.source, user: user, dryRun: dryRun, strict: strict, timeZone: try Zone.user(),
                now: Timestamp.now())
            options.moodLabels = moodLabels.map { $0.split(separator: ",").map { String($0).trimmed() } }
            options.passphrase = try passphrase.passphrase(opening: file)
            let showProgress = isatty(STDERR_FILENO) == 1
            let report: ImportReport
            do {
                report = try Importer.importFile(file, databasePath: global.path, options: options) { rows in
                    if showProgress { writeToStandardError("\rread \(rows) rows…") }
                }
            } catch let failure as ImportFailure {
                if showProgress { writeToStandardError("\r\u{1B}[K") }
                let lines = failure.problems.map { "\($0.description.escapingControls())\n" }.joined()
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
            json["file"] = .string(report.file)
            json["rows"] = .int(report.rows)
            json["entries"] = .int(report.totalCreated + report.totalSkipped)
            json["notes"] = .int(report.notesCreated + report.notesSkipped)
            json["skipped"] = .int(report.rowsSkipped.count)
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
            json["trials_created"] = .int(report.trialsCreated)
            json["trials_skipped"] = .int(report.trialsSkipped)
            json["assessments_created"] = .int(report.assessmentsCreated)
            json["assessments_skipped"] = .int(report.assessmentsSkipped)
            json["labs_created"] = .int(report.labsCreated)
            json["labs_skipped"] = .int(report.labsSkipped)
            func rows(_ problems: [ImportProblem]) -> JSONValue {
                .array(
                    problems.map { problem in
                        var object = JSONObject()
                        object["line"] = .string(problem.location)
                        object["column"] = .string(problem.column)
                        object["reason"] = .string(problem.reason)
                        return .object(object)
                    })
            }
            json["rows_kept_as_notes"] = rows(report.rowsKeptAsNotes)
            json["rows_skipped"] = rows(report.rowsSkipped)
            json["look_alikes"] = .array(
                report.lookAlikes.map { alike in
                    var object = JSONObject()
                    object["kind"] = .string(alike.kind.rawValue)
                    object["name"] = .string(alike.name)
                    object["other_kind"] = .string(alike.otherKind.rawValue)
                    object["other_name"] = .string(alike.otherName)
                    object["suggestion"] = .string(Self.renameHint(alike))
                    return .object(object)
                })
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
            table.add(["trials", "\(report.trialsCreated)", "\(report.trialsSkipped)"])
            table.add(["assessments", "\(report.assessmentsCreated)", "\(report.assessmentsSkipped)"])
            table.add(["lab results", "\(report.labsCreated)", "\(report.labsSkipped)"])
            text += table.render()
            text +=
                "\(report.file): \(report.rows) rows read, \(report.totalCreated + report.totalSkipped) entries, "
                + "\(report.notesCreated + report.notesSkipped) notes, \(report.rowsSkipped.count) skipped"
            text += report.rowsWithoutValue > 0 ? " (\(report.rowsWithoutValue) rows without a value)\n" : "\n"
            for item in report.itemsCreated {
                let type = item.valueType.rawValue + (item.unit.map { ", \($0)" } ?? "")
                text += "new \(item.kind.rawValue): \(item.name) (\(type))\n"
            }
            for problem in report.rowsKeptAsNotes {
                text += "kept as a note: line \(problem.location), column \(problem.column): \(problem.reason)\n"
            }
            for problem in report.rowsSkipped {
                text += "skipped: line \(problem.location), column \(problem.column): \(problem.reason)\n"
            }
            for alike in report.lookAlikes {
                text +=
                    "\(alike.kind.rawValue) '\(alike.name)' looks like \(alike.otherKind.rawValue) "
                    + "'\(alike.otherName)'; to tell them apart: \(renameHint(alike))\n"
            }
            return text
        }

        /// The command that renames the new item. There is no merge yet, and a rename to a name its kind has is
        /// refused, so the hint names the new item's kind for another kind's name, or asks for a new name.
        static func renameHint(_ alike: ImportReport.LookAlike) -> String {
            let newName =
                alike.kind == alike.otherKind ? "NEW-NAME" : "'\(alike.name) (\(alike.kind.rawValue))'"
            return "flarelog items rename \(alike.kind.rawValue) '\(alike.name)' \(newName)"
        }
    }
}

/// The sources `flarelog import --from` knows.
enum ImportFrom: String, CaseArgument {
    case flarelog, bearable, flaredown
    case flaredownLong = "flaredown-long"
    case daylio, visible

    var source: ImportSource { ImportSource(rawValue: rawValue) ?? .flarelog }
}
