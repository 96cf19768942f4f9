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
        @Option(help: "Only symptom, trigger or intervention entries, or only notes (note).") var kind: ListKind?
        @Option(
            help: "Only entries of this item (with --kind when the name is ambiguous).",
            completion: ItemCompletion.names)
        var item: String?
        // --limit and --format have no default value of their own: ArgumentParser describes a default by dynamic
        // casts (Int's through string interpolation) on every parse, about 5% of `list`'s instructions.
        @Option(parsing: .unconditional, help: "At most this many entries (0: all; default: \(Self.defaultLimit)).")
        var limit: Int?
        @Flag(help: "Show deleted entries too.") var includeDeleted = false
        @Option(help: "Output format: table (the default), json or csv.") var format: OutputFormat?

        static let defaultLimit = 50

        func validate() throws {
            guard (limit ?? Self.defaultLimit) >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
        }

        func run() throws {
            let (limit, format) = (self.limit ?? Self.defaultLimit, self.format ?? .table)
            let session = try Session(global, .read)
            let itemKind = kind.flatMap { ItemKind(rawValue: $0.rawValue) }
            let (since, until) = (try session.day(since), try session.day(until))
            let wanted = limit == 0 ? nil : limit + 1
            var records: [Record] = []
            if kind != .note {
                var filter = EntryFilter(
                    since: since, until: until, kind: itemKind, limit: wanted, includeDeleted: includeDeleted)
                if let item {
                    filter.item = try session.database.item(named: item, kind: itemKind)
                }
                records += try session.database.entries(filter).map { .entry($0) }
            }
            // Notes belong to no item, so --item or an item kind leaves them out.
            if item == nil && (kind == nil || kind == .note) {
                records += try session.database.notes(
                    since: since, until: until, limit: wanted, includeDeleted: includeDeleted
                ).map { .note($0) }
            }
            records = Record.newestFirst(records)
            if let wanted { records = Array(records.prefix(wanted)) }
            let truncated = limit > 0 && records.count > limit
            if truncated { records.removeLast() }
            EntryOutput.print(records, format: format)
            if format == .table {
                if records.isEmpty { print("no entries") }
                if truncated { print("(the newest \(limit); --limit 0 shows all)") }
            }
        }
    }
}

/// What `list --kind` takes: an item kind, or `note` for notes only.
enum ListKind: String, CaseArgument {
    case symptom, trigger, intervention, note
}
