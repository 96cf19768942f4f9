import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct NoteCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Write a note for a day: a journal line, what you ate, what happened (never analysed).",
            discussion: """
                Examples:
                  flarelog note "slept badly, neighbours' party"
                  flarelog note "gentle day at the sea" --at yesterday
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The text of the note.") var text: String
        @Option(parsing: .unconditional, help: "When: the same forms as 'log --at' (default now).") var at: String?
        @Option(name: .customLong("id"), help: "A UUID for this note; writing the same id again records nothing new.")
        var uid: String?
        @Flag(help: "Accept a time more than 5 minutes in the future.") var allowFuture = false
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if let uid, UUID(uuidString: uid) == nil {
                throw ValidationError("--id must be a UUID such as 3f2b8c4e-1d2a-4e6f-9a7b-0c1d2e3f4a5b")
            }
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
        }

        func run() throws {
            // The text is checked before the database is opened, so an empty note creates no file.
            guard !text.trimmed().isEmpty else { throw FlareError.badData("a note needs some text") }
            let session = try Session(global, .write, allowFuture: allowFuture)
            let (stored, created) = try session.database.addNote(
                text, uid: uid?.lowercased() ?? UUID().uuidString.lowercased(), time: try session.time(at),
                now: session.now)
            switch format {
            case .json: print(EntryOutput.json(.note(stored)).text)
            case .table, .csv: print((created ? "noted " : "already noted ") + EntryOutput.line(.note(stored)))
            }
        }
    }
}
