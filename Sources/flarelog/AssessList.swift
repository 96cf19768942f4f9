import ArgumentParser
import FlareKit

extension Flarelog {
    struct AssessList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Show stored assessments, oldest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this instrument: acr2016, fiqr, basdai or asdas-crp.") var instrument: Instrument?
        @Option(parsing: .unconditional, help: "From this day on (YYYY-MM-DD or any --at form).") var since: String?
        @Option(parsing: .unconditional, help: "Up to this day, inclusive.") var until: String?
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let session = try Session(global, .read)
            let assessments = try session.database.assessments(
                instrument, since: try session.day(since), until: try session.day(until))
            switch format {
            case .json: print(JSONValue.array(assessments.map(AssessmentOutput.json)).text)
            case .csv:
                var csv = CSVText()
                csv.row(AssessmentOutput.csvHeader)
                for assessment in assessments { csv.row(AssessmentOutput.csvRow(assessment)) }
                print(csv.text, terminator: "")
            case .table:
                for assessment in assessments { print(AssessmentOutput.line(assessment)) }
                if assessments.isEmpty { print("no assessments") }
            }
        }
    }
}
