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
        @OptionGroup var recording: RecordingOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
        }

        func run() throws {
            // The text is checked before the database is opened, so an empty note creates no file.
            guard !text.trimmed().isEmpty else { throw FlareError.badData("a note needs some text") }
            let session = try Session(global, .write, allowFuture: recording.allowFuture)
            let (stored, created) = try session.database.addNote(
                text, uid: recording.recordUID, time: try session.time(at),
                now: session.now)
            switch format {
            case .json: print(EntryOutput.json(.note(stored)).text)
            case .table, .csv: print((created ? "noted " : "already noted ") + EntryOutput.line(.note(stored)))
            }
        }
    }
}
