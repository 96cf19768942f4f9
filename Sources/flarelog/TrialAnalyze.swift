import ArgumentParser
import FlareKit

extension Flarelog {
    struct TrialAnalyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Compare the outcome with and without the intervention, block by block.",
            discussion: """
                Analyses the running trial, else the latest one (or --id). Each block's difference is B's mean
                minus A's (positive: better with A); see docs/analysis.md §5a for the statistics.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The trial to analyse ('flarelog trial list' shows the ids).") var id: Int64?
        @Option(help: "Output format: table or json (the documented trial document).") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
        }

        func run() throws {
            let session = try Session(global, .read)
            let today = session.parser.today
            let trial = try session.database.trialToAnalyze(id: id, today: today)
            let analysis = try session.database.analyze(trial, today: today)
            switch format {
            case .json: print(analysis.json(trial, today: today).text)
            case .table, .csv: print(Self.text(analysis, trial, today: today), terminator: "")
            }
        }

        static func text(_ analysis: TrialAnalysis, _ trial: StoredTrial, today: LocalDay) -> String {
            func number(_ value: Double?) -> String { value.map(ValueText.number) ?? "-" }
            var table = TextTable(columns: ["block", "A days", "n", "mean A", "B days", "n", "mean B", "B − A", ""])
            for block in analysis.blocks {
                table.add([
                    String(block.index), "\(block.aFrom) to \(block.aTo)", String(block.nA), number(block.meanA),
                    "\(block.bFrom) to \(block.bTo)", String(block.nB), number(block.meanB), number(block.d),
                    block.included ? "" : "left out",
                ])
            }
            var lines = [
                TrialNarrative.heading(trial, today: today),
                "score: \(analysis.scoring.label), higher is worse"
                    + (analysis.scoring.direction == .betterWhenHigher ? " (max + min − \(trial.plan.outcome))" : "")
                    + "; analysed through \(analysis.through)",
                table.render().dropLast().description,
            ]
            lines += TrialNarrative.statistics(analysis)
            lines.append("")
            lines.append(TrialNarrative.conclusion(analysis))
            lines += TrialNarrative.cautions(analysis)
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
