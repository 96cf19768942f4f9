import ArgumentParser
import FlareKit

extension Flarelog {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Show entries, newest first (grouped by day in the table view).")

        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "From this day on (YYYY-MM-DD or any --at form).") var since: String?
        @Option(parsing: .unconditional, help: "Up to this day, inclusive.") var until: String?
        @Option(help: "Only symptom, trigger or intervention entries.") var kind: ItemKind?
        @Option(help: "Only entries of this item (with --kind when the name is ambiguous).") var item: String?
        @Option(parsing: .unconditional, help: "At most this many entries (0: all).") var limit: Int = 50
        @Flag(help: "Show deleted entries too.") var includeDeleted = false
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func validate() throws {
            guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
        }

        func run() throws {
            let session = try Session(global, .read)
            var filter = EntryFilter(
                since: try session.day(since), until: try session.day(until), kind: kind,
                limit: limit == 0 ? nil : limit + 1, includeDeleted: includeDeleted)
            if let item {
                filter.item = try session.database.item(named: item, kind: kind)
            }
            var entries = try session.database.entries(filter)
            let truncated = limit > 0 && entries.count > limit
            if truncated { entries.removeLast() }
            EntryOutput.print(entries, format: format)
            if format == .table {
                if entries.isEmpty { print("no entries") }
                if truncated { print("(the newest \(limit); --limit 0 shows all)") }
            }
        }
    }
}
