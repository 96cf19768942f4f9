import ArgumentParser
import FlareKit

extension Flarelog {
    struct LabList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Show stored lab results, oldest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this lab, e.g. crp (any case).") var name: String?
        @Option(parsing: .unconditional, help: "From this day on (YYYY-MM-DD or any --at form).") var since: String?
        @Option(parsing: .unconditional, help: "Up to this day, inclusive.") var until: String?
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let session = try Session(global, .read)
            let labs = try session.database.labResults(
                named: name, since: try session.day(since), until: try session.day(until))
            switch format {
            case .json: print(JSONValue.array(labs.map(LabOutput.json)).text)
            case .csv:
                var csv = CSVText()
                csv.row(LabOutput.csvHeader)
                for lab in labs { csv.row(LabOutput.csvRow(lab)) }
                print(csv.text, terminator: "")
            case .table:
                for lab in labs { print(LabOutput.line(lab)) }
                if labs.isEmpty { print("no lab results") }
            }
        }
    }
}
