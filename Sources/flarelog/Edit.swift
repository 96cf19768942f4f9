import ArgumentParser
import FlareKit

extension Flarelog {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Correct an entry's value, time, note or regions.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The entry's id (as 'flarelog list' shows it) or uid.") var id: String
        @Option(parsing: .unconditional, help: "The new value (checked against the item's range).") var value: String?
        @Option(parsing: .unconditional, help: "The new time, in any form 'flarelog log --at' takes.") var at: String?
        @Option(help: "The new note (an empty string removes it).") var note: String?
        @Option(help: "The new body regions (repeatable; replaces all of them).") var region: [String] = []
        @Flag(help: "Remove every region.") var clearRegions = false
        @Flag(help: "Accept a time more than 5 minutes in the future.") var allowFuture = false
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if clearRegions && !region.isEmpty { throw ValidationError("--clear-regions and --region conflict") }
        }

        func run() throws {
            let session = try Session(global, .write, allowFuture: allowFuture, times: [at])
            let current = try session.database.entry(reference: id)
            var changes = EntryChanges(note: note, regions: clearRegions ? [] : (region.isEmpty ? nil : region))
            if let value {
                let item = try session.database.item(current.itemKind, named: current.itemName)
                changes.value = try item.parseValue(value)
            }
            if let at { changes.time = try session.time(at) }
            let edited = try session.database.edit(String(current.id), changes, now: session.now)
            switch format {
            case .json: print(EntryOutput.json(edited).text)
            case .table, .csv: print("edited " + EntryOutput.line(edited))
            }
        }
    }
}
