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

        func validate() throws {
            guard (30...3650).contains(days) else { throw ValidationError("--days must be between 30 and 3650") }
        }

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
            let history = DemoHistory(days: days, lastDay: parser.today - 1, seed: seed)
            let written = try database.record(history, timeZone: zone, now: now)
            print("Simulated \(days) days: \(written.entries) entries and \(written.flares) flare episodes in \(path)")
            print(
                "Planted: stress the day before, poor posture and short sleep raise pain; yoga lowers the next day's.")
            print("\n$ flarelog correlate")
            let report = try database.correlate(outcome: nil, threshold: 7, lags: [0, 1, 2, 3], since: nil, until: nil)
            print(Correlate.table(report), terminator: "")
            print("\n$ flarelog effect yoga")
            print(AnalysisNarrative.line(try database.effect(of: "yoga", outcome: nil, since: nil, until: nil)))
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
