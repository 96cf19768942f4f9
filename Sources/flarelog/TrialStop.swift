import ArgumentParser
import FlareKit

extension Flarelog {
    struct TrialStop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract: "End the running trial today; it is kept, marked stopped, and analysed up to today.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let session = try Session(global, .write)
            let trial = try session.removingNewDatabaseOnFailure {
                try session.database.stopTrial(today: session.parser.today, now: session.now)
            }
            print("stopped trial \(trial.id) (\(trial.plan.intervention)) on \(trial.lastDay)")
        }
    }
}
