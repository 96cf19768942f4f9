import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct TrialPlanCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Plan a trial: blocks of two periods, with and without the intervention, in a random order.",
            discussion: """
                Each block holds one period with NAME (A) and one without it or with --vs OTHER (B), in an order
                drawn at random for each block from the seed (a fresh, cryptographically random one unless --seed
                is given; it is stored, so the plan can be redrawn). The first --washout days of every period
                are not analysed. Only one trial runs at a time.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The intervention to test, e.g. yoga ('flarelog items --kind intervention' lists them).")
        var name: String
        @Option(help: "What B is: none (without the intervention) or another intervention.") var vs = "none"
        @Option(help: "The symptom or rating whose daily value is the outcome.") var outcome: String
        @Option(help: "Days in each period.") var period = 7
        @Option(help: "Days at the start of each period that are not analysed.") var washout = 2
        @Option(help: "Blocks of two periods (2 to 20; 5 or more to be able to reach p < 0.05).") var blocks = 5
        @Option(parsing: .unconditional, help: "The first day (YYYY-MM-DD or any --at form; default today).")
        var start: String?
        @Option(help: "The seed of the random order (0 to 9223372036854775807; default a fresh random one).")
        var seed: UInt64?
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
            do {
                try TrialPlan.check(periodDays: period, washoutDays: washout, blocks: blocks, seed: seed)
            } catch let error as FlareError {
                throw ValidationError(error.message)
            }
        }

        func run() throws {
            let session = try Session(global, .write)
            let trial = try session.removingNewDatabaseOnFailure {
                let today = session.parser.today
                let request = TrialRequest(
                    intervention: name, comparison: vs.lowercased() == "none" ? nil : vs, outcome: outcome,
                    periodDays: period, washoutDays: washout, blocks: blocks, seed: seed,
                    start: try session.day(start) ?? today)
                return try session.database.planTrial(
                    request, uid: UUID().uuidString.lowercased(), now: session.now)
            }
            TrialOutput.warnAboutBlocks(blocks)
            let today = session.parser.today
            switch format {
            case .json: print(trial.json(today: today).text)
            case .table, .csv: print("planned " + TrialOutput.calendar(trial, today: today), terminator: "")
            }
        }
    }
}
