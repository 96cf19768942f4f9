import ArgumentParser
import FlareKit
import FoundationEssentials

/// Options `correlate` and `effect` share: the outcome, the window, the format and --explain.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "The symptom whose score decides flare days (default: the worst of all symptoms each day).")
    var outcome: String?
    @Option(parsing: .unconditional, help: "Only entries from this local day on (YYYY-MM-DD or any --at form).")
    var since: String?
    @Option(parsing: .unconditional, help: "Only entries up to this local day, inclusive.") var until: String?
    @Option(help: "Output format: table or json (the documented analysis document).") var format: OutputFormat = .table
    @Flag(help: "Also show how the numbers were obtained: the SQL, the day counts and the formulas.")
    var explain = false

    func validate() throws {
        if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
    }

    /// nil stands for "any symptom", however it is spelled.
    var outcomeName: String? {
        guard let outcome, outcome.lowercased() != "any symptom" else { return nil }
        return outcome
    }

    /// The explanation: to stdout after a table, to stderr with JSON so stdout stays one document.
    func printExplanation(_ lines: [String]) {
        let text = ([""] + lines + [""] + [AnalysisNarrative.explainFormulas]).joined(separator: "\n") + "\n"
        if format == .json {
            writeToStandardError(text)
        } else {
            print(text, terminator: "")
        }
    }

    /// The SQL and counts that every explanation starts with.
    func explanationHeader(daysObserved: Int, calendarDays: Int) -> [String] {
        [
            "Daily values come from one pass over the live entries (SQLite):",
            Database.dailyValuesSQL.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"),
            "  with ?1 = \(since ?? "none"), ?2 = \(until ?? "none"); the daily value is the item's aggregate"
                + " (max, mean = sum/count, sum, any = max > 0).",
            "Flare episodes give flare days from their start day through their end day:",
            Database.flareRangesSQL.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"),
            "Days with entries: \(daysObserved); calendar days from first to last: \(calendarDays).",
        ]
    }
}
