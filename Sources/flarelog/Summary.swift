import ArgumentParser
import FlareKit
import FoundationEssentials
import Glibc

extension Flarelog {
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "The last days at a glance: daily score, flare days, triggers and interventions, and findings.",
            discussion: """
                Colour only on a terminal and never when NO_COLOR is set; lines fit $COLUMNS (default 80,
                at least 20). The findings come from 'correlate' over all entries up to today.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "How many days to show, ending today.") var days: Int = 30
        @Option(
            help: "Show only this item's daily value in a column (repeatable; any kind).",
            completion: ItemCompletion.names)
        var item: [String] = []
        @Option(help: "Output format: table or json (the documented summary document).")
        var format: OutputFormat = .table

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
        }

        func run() throws {
            let session = try Session(global, .read)
            let summary = try session.database.summary(days: days, today: session.parser.today, items: item)
            switch format {
            case .json: print(summary.json.text)
            case .table, .csv:
                let width = processEnvironment("COLUMNS").flatMap { Int($0.trimmed()) } ?? 80
                let colour = isatty(STDOUT_FILENO) == 1 && processEnvironment("NO_COLOR") == nil
                print(SummaryText(width: width, colour: colour).render(summary), terminator: "")
            }
        }
    }
}
