import ArgumentParser
import FlareKit

extension Flarelog {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Find notes and entry notes that contain every word given (newest first).",
            discussion: """
                Each word also matches as the start of a word ("walk" finds "walked"); case does not matter.
                Example:  flarelog search sea walk
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The words to find.") var words: [String]
        @Option(parsing: .unconditional, help: "At most this many results (0: all).") var limit: Int = 50
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func validate() throws {
            guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
        }

        func run() throws {
            let session = try Session(global, .read)
            let hits = try session.database.search(words.joined(separator: " "), limit: limit == 0 ? nil : limit)
            EntryOutput.print(hits, format: format)
            if format == .table && hits.isEmpty { print("nothing found") }
        }
    }
}
