import ArgumentParser
import FlareKit

extension Flarelog {
    struct Effect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "effect",
            abstract: "Does an intervention help? Compares the next day's score after days with and without it.")

        @OptionGroup var global: GlobalOptions
        @Argument(
            help: "The intervention, e.g. yoga ('flarelog items --kind intervention' lists them).",
            completion: ItemCompletion.names)
        var intervention: String
        @OptionGroup var analysis: AnalysisOptions

        func run() throws {
            let session = try Session(global, .read)
            let report = try session.database.effect(
                of: intervention, outcome: analysis.outcomeName, since: try session.day(analysis.since),
                until: try session.day(analysis.until))
            switch analysis.format {
            case .json: print(report.json.text)
            case .table, .csv:
                print(AnalysisNarrative.line(report))
                print(AnalysisNarrative.caution)
            }
            if analysis.explain {
                analysis.printExplanation(
                    analysis.explanationHeader(daysObserved: report.daysObserved, calendarDays: report.calendarDays)
                        + [
                            "Pairs: \(report.nWith) days after \(report.intervention), \(report.nWithout) days after "
                                + "days without it (each with a score the next day)."
                        ])
            }
        }
    }
}
