import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Fill a new database with a simulated history and show what flarelog finds in it.",
            discussion: """
                Without --db the demo writes to a new temporary database, never to yours ($FLARELOG_DB and the
                default path are ignored). With --db the file must be new or hold no entries.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "How many days to simulate, ending today.") var days: Int = 180
        @Option(help: "The random seed (the same seed gives the same history).") var seed: UInt64 = 2026
        @Flag(help: "Also simulate a finished trial of yoga (6 blocks of 2 × 7 days) and show 'trial analyze'.")
        var trial = false

        func validate() throws {
            guard (30...3650).contains(days) else { throw ValidationError("--days must be between 30 and 3650") }
            if trial, days < Self.trialDays {
                throw ValidationError("--trial needs --days \(Self.trialDays) or more (the trial's length)")
            }
        }

        /// The demo trial: yoga against none for widespread pain, 6 blocks (so p < 0.05 is reachable).
        static let trialBlocks = 6
        static let trialDays = 2 * trialBlocks * 7

        func run() throws {
            let zone = try Zone.user()
            let path = try global.databasePath ?? Self.temporaryDatabase()
            let database = try Database(path: path, access: .write)
            let existing = try database.info().counts.first { $0.table == "entries" }?.rows ?? 0
            guard existing == 0 else {
                throw FlareError.badData(
                    "the demo only fills a new or empty database; \(path) holds \(existing) entries")
            }
            let now = Timestamp.now()
            let parser = WhenParser(nowMillis: Timestamp.nowMillis(), timeZone: zone)
            // The trial ends yesterday, the history's last day; its order is drawn from the demo's seed.
            let request = TrialRequest(
                intervention: "yoga", comparison: nil, outcome: "widespread pain", periodDays: 7, washoutDays: 2,
                blocks: Self.trialBlocks, seed: seed & UInt64(Int64.max), start: parser.today - Self.trialDays)
            let plan = try trial ? TrialPlan(request) : nil
            let history = DemoHistory(days: days, lastDay: parser.today - 1, seed: seed, trial: plan)
            let written = try database.record(history, timeZone: zone, now: now)
            print("Simulated \(days) days: \(written.entries) entries and \(written.flares) flare episodes in \(path)")
            print(
                "Planted: stress the day before, poor posture and short sleep raise pain; yoga lowers the next day's.")
            print("\n$ flarelog correlate")
            let report = try database.correlate(outcome: nil, threshold: 7, lags: [0, 1, 2, 3], since: nil, until: nil)
            print(Correlate.table(report), terminator: "")
            print("\n$ flarelog effect yoga")
            print(AnalysisNarrative.line(try database.effect(of: "yoga", outcome: nil, since: nil, until: nil)))
            if trial {
                let stored = try database.planTrial(request, uid: UUID().uuidString.lowercased(), now: now)
                print("\n$ flarelog trial analyze")
                let analysis = try database.analyze(stored, today: parser.today)
                print(TrialAnalyze.text(analysis, stored, today: parser.today), terminator: "")
            }
            print(
                "\nExplore it:  flarelog --db \(path) list   (or: items, flare list, correlate --explain, effect walking)"
            )
        }

        /// A fresh, private folder under the temporary directory.
        static func temporaryDatabase() throws -> String {
            guard let folder = makeTemporaryFolder(prefix: "flarelog-demo-") else {
                throw FlareError(.cannotCreate, "cannot create a temporary folder for the demo database")
            }
            return folder + "/demo.db"
        }
    }
}
