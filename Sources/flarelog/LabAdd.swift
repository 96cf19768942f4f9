import ArgumentParser
import FlareKit

extension Flarelog {
    struct LabAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a lab result: what was measured, the value and its unit.",
            discussion: """
                The value is a decimal number (a negative one after '--'); the unit is required and kept as \
                typed. A CRP (the name crp, any case) is in mg/L or mg/dL (ASDAS-CRP takes mg/dL times 10) and \
                must be 0-1000 mg/L.
                Examples:
                  flarelog lab crp 4.2 mg/L
                  flarelog lab esr 18 mm/h --at "2026-03-02 08:15"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "What was measured, e.g. crp (any case).") var name: String
        @Argument(help: "The value, a decimal number such as 4.2.") var value: String
        @Argument(help: "Its unit, e.g. mg/L.") var unit: String
        @Option(parsing: .unconditional, help: "When the sample was taken: the same forms as 'log --at' (default now).")
        var at: String?
        @OptionGroup var recording: RecordingOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
        }

        func run() throws {
            // Checked before the database is opened, so a bad value creates no file.
            guard let number = ValueText.read(value.trimmed()) else {
                throw FlareError.usage("'\(value)' is not a number; give the \(name) value as a decimal, e.g. 4.2")
            }
            let lab = try NewLabResult(name: name, value: number, unit: unit)
            let session = try Session(global, .write, allowFuture: recording.allowFuture, times: [at])
            let (stored, created) = try session.removingNewDatabaseOnFailure {
                try session.database.addLabResult(
                    lab, uid: recording.recordUID, time: try session.time(at), now: session.now)
            }
            switch format {
            case .json: print(LabOutput.json(stored).text)
            case .table, .csv: print((created ? "recorded lab " : "already recorded lab ") + LabOutput.line(stored))
            }
        }
    }
}
