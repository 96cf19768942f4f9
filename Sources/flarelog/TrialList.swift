import ArgumentParser
import FlareKit

extension Flarelog {
    struct TrialList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List every trial, planned, running, finished or stopped.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
        }

        func run() throws {
            let session = try Session(global, .read)
            let today = session.parser.today
            let trials = try session.database.trials()
            switch format {
            case .json: print(JSONValue.array(trials.map { $0.json(today: today) }).text)
            case .table, .csv:
                var table = TextTable(columns: [
                    "id", "A", "B", "outcome", "from", "to", "blocks", "period", "washout", "status",
                ])
                for trial in trials {
                    let plan = trial.plan
                    table.add([
                        String(trial.id), plan.armAName, plan.armBName, plan.outcome, plan.start.description,
                        trial.lastDay.description, String(plan.blocks), String(plan.periodDays),
                        String(plan.washoutDays), trial.status(today: today).rawValue,
                    ])
                }
                print(trials.isEmpty ? "no trials yet" : table.render(), terminator: trials.isEmpty ? "\n" : "")
            }
        }
    }
}
