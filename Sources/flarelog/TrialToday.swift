import ArgumentParser
import FlareKit

extension Flarelog {
    struct TrialToday: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "today", abstract: "What the trial asks for today: which period, and whether it is washout.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let session = try Session(global, .read)
            let today = session.parser.today
            print(TrialNarrative.today(try session.database.currentTrial(today: today), today: today))
        }
    }
}
