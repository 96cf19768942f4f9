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
                Several items at once (all or none; names are found in every kind):
                  flarelog log "widespread pain=7" fatigue=6 stress=5 "poor posture" yoga=20
                  flarelog log symptom:stress=5        (a name in two kinds: say which)
                Negative numbers go after --:  flarelog log trigger stress -- -1
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(
            help: ArgumentHelp(
                "KIND NAME [VALUE] (kind: symptom, trigger or intervention), or one or more NAME=VALUE (NAME alone "
                    + "for yes; KIND:NAME=VALUE picks a kind).",
                valueName: "item"), completion: ItemCompletion.names)
        var words: [String]
        @Option(help: "A body region (repeatable): an ACR 2016 region such as lower-back, or your own words.")
        var region: [String] = []
        @Option(help: "A note to keep with the entry (with several items: one note of that moment).")
        var note: String?
        @Option(
            parsing: .unconditional,
            help:
                "When it happened: 08:30, 8am, yesterday 21:00, monday, -2h, 3 days ago, 2026-11-25T08:30 (default now)."
        )
        var at: String?
        @OptionGroup var recording: RecordingOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        /// The one-item form `log KIND NAME [VALUE]`, as it always was.
        private var single: (kind: ItemKind, name: String, value: String?)? {
            guard (2...3).contains(words.count), let kind = ItemKind(rawValue: words[0].lowercased()),
                !words.dropFirst().contains(where: { $0.contains("=") })
            else { return nil }
            return (kind, words[1], words.count == 3 ? words[2] : nil)
        }

        func validate() throws {
            guard single == nil else { return }
            guard !words.isEmpty else { throw ValidationError("say what to log: flarelog log fatigue=6 stress=5") }
            if words.count > 1 && (recording.uid != nil || !region.isEmpty) {
                throw ValidationError(
                    "--id and --region go with one item: flarelog log symptom NAME VALUE --region R")
            }
            // A bare number is a value that lost its name, most often a misspelt kind in the one-item form.
            if let number = words.first(where: { !$0.contains("=") && Double($0.trimmed()) != nil }) {
                let kind = words.count == 3 && words[2] == number ? "'\(words[0])' is not a kind and " : ""
                throw ValidationError(
                    "\(kind)'\(number)' has no item name: write NAME=VALUE (flarelog log stress=5) or KIND NAME "
                        + "VALUE, the kind being symptom, trigger or intervention")
            }
        }

        func run() throws {
            let session = try Session(global, .write, allowFuture: recording.allowFuture, times: [at])
            if let single {
                try logOne(single, session)
            } else {
                try logSeveral(words.map(ItemValue.init(parsing:)), session)
            }
        }

        private func logOne(_ typed: (kind: ItemKind, name: String, value: String?), _ session: Session) throws {
            let (item, stored, created) = try session.removingNewDatabaseOnFailure {
                let item = try session.database.item(typed.kind, named: typed.name)
                let entry = NewEntry(
                    uid: recording.recordUID,
                    value: try Self.value(
                        typed.value, for: item,
                        example: "flarelog log \(item.kind.rawValue) "
                            + "'\(item.name)' \(ValueText.number(item.min ?? 1))"),
                    time: try session.time(at),
                    note: note.flatMap { $0.isEmpty ? nil : $0 },
                    regions: region)
                let (stored, created) = try session.database.log(entry, of: item, now: session.now)
                return (item, stored, created)
            }
            Self.warnIfArchived([item])
            switch format {
            case .json:
                print(EntryOutput.json(stored).text)
            case .table, .csv:
                print((created ? "logged " : "already logged ") + EntryOutput.line(stored))
            }
        }

        /// Every item is found and its value checked before anything is written, then all go in one transaction.
        private func logSeveral(_ typed: [ItemValue], _ session: Session) throws {
            let oneItem = typed.count == 1
            let (items, stored, storedNote) = try session.removingNewDatabaseOnFailure {
                let time = try session.time(at)
                let text = note.flatMap { $0.trimmed().isEmpty ? nil : $0 }
                let entries = try typed.map { word in
                    let item = try session.database.item(for: word)
                    let example =
                        "flarelog log '\(ItemValue(name: item.name, value: ValueText.number(item.min ?? 1)).typed)'"
                    let entry = NewEntry(
                        uid: oneItem ? recording.recordUID : UUID().uuidString.lowercased(),
                        value: try Self.value(word.value, for: item, example: example), time: time,
                        note: oneItem ? text : nil, regions: region)
                    return (entry: entry, item: item)
                }
                let dayNote =
                    oneItem ? nil : text.map { NewNote(text: $0, uid: UUID().uuidString.lowercased(), time: time) }
                let (stored, storedNote) = try session.database.logAll(entries, note: dayNote, now: session.now)
                return (entries.map(\.item), stored, storedNote)
            }
            Self.warnIfArchived(items)
            let records = stored.map(Record.entry) + (storedNote.map { [Record.note($0)] } ?? [])
            switch format {
            case .json:
                print(JSONValue.array(records.map(EntryOutput.json)).text)
            case .table, .csv:
                for record in records {
                    if case .note = record {
                        print("noted " + EntryOutput.line(record))
                    } else {
                        print("logged " + EntryOutput.line(record))
                    }
                }
            }
        }

        /// Logged all the same: an archived item keeps its history, and a typed exact name is deliberate.
        private static func warnIfArchived(_ items: [Item]) {
            for item in items where item.archivedAt != nil {
                writeToStandardError(
                    ("flarelog: note: '\(item.name)' is archived; 'flarelog items archive \(item.kind.rawValue) "
                        + "\"\(item.name)\" --undo' brings it back to listings").escapingControls() + "\n")
            }
        }

        /// The value typed for `item`; yes/no items default to yes, numeric ones need one (`example` shows how).
        static func value(_ text: String?, for item: Item, example: String) throws -> Double {
            guard let text else {
                guard item.valueType == .boolean else {
                    throw FlareError.badData("\(item.name) needs a value (\(item.allowedRange)), e.g. \(example)")
                }
                return 1
            }
            return try item.parseValue(text)
        }
    }
}
