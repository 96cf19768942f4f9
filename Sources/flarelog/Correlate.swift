import ArgumentParser
import FlareKit

extension Flarelog {
    struct Correlate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "correlate",
            abstract: "Find the triggers that come before flare days (with lags and multiple-testing control).",
            discussion: """
                A finding must survive a permutation check that keeps each series' own ups and downs
                (permutation q < 0.05); results with q < 0.05 only are shown as possible.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var analysis: AnalysisOptions
        @Option(
            parsing: .unconditional,
            help: "A day is a flare day when its score reaches this (or a flare episode covers it).")
        var threshold: Double = 7
        @Option(
            parsing: .unconditional,
            help:
                "Lags in days, at most 60, e.g. 0-3 or 0,1,7 (a trigger on day t−k against the flare status of day t).")
        var lags: String = "0-3"

        func validate() throws {
            guard threshold.isFinite else { throw ValidationError("--threshold must be a finite number") }
        }

        func run() throws {
            let lagList: [Int]
            do { lagList = try CorrelateOptions.parseLags(lags) } catch { throw FlareError(error) }
            let session = try Session(global, .read)
            let report = try session.database.correlate(
                outcome: analysis.outcomeName, threshold: threshold, lags: lagList,
                since: try session.day(analysis.since), until: try session.day(analysis.until))
            switch analysis.format {
            case .json: print(report.json.text)
            case .table, .csv: print(Self.table(report), terminator: "")
            }
            if analysis.explain {
                let ok = report.results.filter { $0.status == .ok }.count
                analysis.printExplanation(
                    analysis.explanationHeader(daysObserved: report.daysObserved, calendarDays: report.calendarDays)
                        + [
                            "Flare days: \(report.flareDays); days without a flare: \(report.nonflareDays); "
                                + "days with no score and no flare: \(report.daysObserved - report.flareDays - report.nonflareDays).",
                            "Tests: \(report.results.count) (\(ok) with enough data), lags \(lagList.map(String.init).joined(separator: ",")).",
                        ])
            }
        }

        /// Findings first, then possible ones, then a count of the rest, then what data is missing.
        static func table(_ report: CorrelationReport) -> String {
            let lines = AnalysisNarrative.lines(report)
            guard report.calendarDays > 0 else { return lines.joined(separator: "\n") + "\n" }
            var groups: [AnalysisNarrative.Strength: [CorrelationResult]] = [:]
            for result in report.results { groups[AnalysisNarrative.strength(result), default: []].append(result) }
            var text = lines[0] + "\n"
            func section(_ title: String, _ strength: AnalysisNarrative.Strength) {
                guard let results = groups[strength], !results.isEmpty else { return }
                text += "\n\(title)\n"
                for result in results { text += "  • " + AnalysisNarrative.line(result) + "\n" }
            }
            if groups[.finding, default: []].isEmpty {
                text += "\nNo trigger passed the permutation check (permutation q < 0.05) in this period.\n"
            }
            section("Findings (permutation q < 0.05):", .finding)
            section("Possible (q < 0.05, not confirmed by the permutation check):", .possible)
            section("Exploratory (fewer than 28 days, so no permutation check):", .exploratory)
            let rest = groups[.noEvidence, default: []].count
            if rest > 0 { text += "\n\(rest) other test(s) showed no clear link.\n" }
            // One line per trigger that could not be tested, with its first missing piece.
            var seen = Set<String>()
            let missing = groups[.insufficient, default: []].filter { seen.insert($0.trigger).inserted }
            if !missing.isEmpty {
                text += "\nNot enough data:\n"
                for result in missing { text += "  • " + AnalysisNarrative.line(result) + "\n" }
            }
            return text + "\n" + AnalysisNarrative.caution + "\n"
        }
    }
}
