import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Record a symptom, a trigger or an intervention.",
            discussion: """
                Examples:
                  flarelog log symptom "widespread pain" 7 --region lower-back --region neck
                  flarelog log trigger stress 6 --at "yesterday 21:00"
                  flarelog log trigger "poor posture"            (yes/no items default to yes)
                  flarelog log intervention yoga 30 --note "gentle flow"
                Negative numbers go after --:  flarelog log trigger stress -- -1
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "symptom, trigger or intervention.") var kind: ItemKind
        @Argument(help: "The item's name (any case), e.g. \"brain fog\"; 'flarelog items' lists them.") var name: String
        @Argument(
            help: "The value: a severity 0-10, an amount in the item's unit, or yes/no (default yes for yes/no items).")
        var value: String?
        @Option(help: "A body region (repeatable): an ACR 2016 region such as lower-back, or your own words.")
        var region: [String] = []
        @Option(help: "A note to keep with the entry.") var note: String?
        @Option(
            parsing: .unconditional,
            help:
                "When it happened: 08:30, 8am, yesterday 21:00, monday, -2h, 3 days ago, 2026-11-25T08:30 (default now)."
        )
        var at: String?
        @OptionGroup var recording: RecordingOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() throws {
            let session = try Session(global, .write, allowFuture: recording.allowFuture, times: [at])
            let (item, stored, created) = try session.removingNewDatabaseOnFailure {
                let item = try session.database.item(kind, named: name)
                let entry = NewEntry(
                    uid: recording.recordUID,
                    value: try Self.value(value, for: item),
                    time: try session.time(at),
                    note: note.flatMap { $0.isEmpty ? nil : $0 },
                    regions: region)
                let (stored, created) = try session.database.log(entry, of: item, now: session.now)
                return (item, stored, created)
            }
            if item.archivedAt != nil {
                // Logged all the same: an archived item keeps its history, and a typed exact name is deliberate.
                writeToStandardError(
                    ("flarelog: note: '\(item.name)' is archived; 'flarelog items archive \(item.kind.rawValue) "
                        + "\"\(item.name)\" --undo' brings it back to listings").escapingControls() + "\n")
            }
            switch format {
            case .json:
                print(EntryOutput.json(stored).text)
            case .table, .csv:
                print((created ? "logged " : "already logged ") + EntryOutput.line(stored))
            }
        }

        /// The value typed for `item`; yes/no items default to yes, numeric ones need one.
        static func value(_ text: String?, for item: Item) throws -> Double {
            guard let text else {
                guard item.valueType == .boolean else {
                    throw FlareError.badData(
                        "\(item.name) needs a value (\(item.allowedRange)), e.g. flarelog log \(item.kind.rawValue) "
                            + "'\(item.name)' \(ValueText.number(item.min ?? 1))")
                }
                return 1
            }
            return try item.parseValue(text)
        }
    }
}
