import ArgumentParser
import FlareKit

extension Flarelog {
    struct TrialCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trial",
            abstract: "Test one intervention properly: a randomised single-patient (N-of-1) trial in blocks.",
            discussion: """
                Plan a trial, follow 'trial today' each day and log as usual, then 'trial analyze'.
                Examples:
                  flarelog trial plan yoga --outcome "widespread pain"
                  flarelog trial today
                  flarelog trial analyze --format json
                """,
            subcommands: [TrialPlanCommand.self, TrialToday.self, TrialStop.self, TrialList.self, TrialAnalyze.self])
    }
}

/// How the trial commands print a trial.
enum TrialOutput {
    /// The plan as a calendar: the heading, then one row per period.
    static func calendar(_ trial: StoredTrial, today: LocalDay) -> String {
        var table = TextTable(columns: ["block", "period", "from", "to", "arm", "treatment", "analysed from"])
        for row in TrialNarrative.calendar(trial.plan) { table.add(row) }
        return TrialNarrative.heading(trial, today: today) + "\n" + table.render()
    }

    /// The design warning on standard error, when the number of blocks cannot reach p < 0.05.
    static func warnAboutBlocks(_ blocks: Int) {
        if let warning = TrialNarrative.fewBlocksWarning(blocks: blocks) {
            writeToStandardError("flarelog: warning: \(warning)\n")
        }
    }
}
