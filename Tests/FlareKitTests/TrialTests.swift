import Foundation
import Testing

import SQLite
import TestSupport

@testable import FlareKit

/// The trial cases written by Tests/Fixtures/make_trial_fixtures.py (scipy and plain enumeration).
enum TrialFixtures {
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "trial", withExtension: nil, subdirectory: "Fixtures"))
        }
    }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(path)))
    }

    static func text(_ name: String, _ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
    }

    /// The case's plan as stored, with the order the script drew.
    static func plan(_ object: [String: Any]) throws -> TrialPlan {
        let arms = try #require(object["arms"] as? String).map { TrialArm(rawValue: String($0))! }
        let start = try #require(object["start"] as? String)
        return try TrialPlan(
            intervention: try #require(object["intervention"] as? String),
            comparison: object["comparison"] as? String, outcome: try #require(object["outcome"] as? String),
            periodDays: try #require(object["period"] as? Int), washoutDays: try #require(object["washout"] as? Int),
            blocks: try #require(object["blocks"] as? Int), seed: UInt64(try #require(object["seed"] as? Int)),
            start: try #require(LocalDay(start)), arms: arms)
    }
}

@Suite struct TrialFixtureTests {
    @Test(arguments: ["null", "strong", "left_out", "ties", "k2", "k8_mood", "stopped", "insufficient"])
    func everyStatisticMatchesScipy(name: String) throws {
        let testCase = try #require(try TrialFixtures.json("\(name)/case.json") as? [String: Any])
        let plan = try TrialFixtures.plan(try #require(testCase["plan"] as? [String: Any]))
        let throughText = try #require(testCase["through"] as? String)
        let through = try #require(LocalDay(throughText))
        let data = try DailyData.aggregating(
            entries: try AnalysisCSV.entries(TrialFixtures.text(name, "entries.csv")),
            metadata: try AnalysisCSV.metadata(TrialFixtures.text(name, "metadata.csv")), since: plan.start,
            until: through)
        let analysis = try analyzeTrial(data, plan: plan, through: through)
        let actual = try JSONSerialization.jsonObject(with: Data(JSONValue.object(analysis.statisticsJSON).text.utf8))
        let differences = AnalysisFixtures.differences(actual, testCase["expected"]!)
        #expect(differences.isEmpty, "\(name): \(differences.prefix(10))")
    }

    /// The cases cover what the method must get right, so a regenerated fixture cannot quietly lose one.
    @Test func casesCoverTheHardParts() throws {
        func expected(_ name: String) throws -> [String: Any] {
            let testCase = try #require(try TrialFixtures.json("\(name)/case.json") as? [String: Any])
            return try #require(testCase["expected"] as? [String: Any])
        }
        #expect(try expected("null")["p_randomization"] as? Double ?? 0 > 0.2)
        #expect(try expected("strong")["p_t"] as? Double ?? 1 < 0.01)
        let leftOut = try #require(try expected("left_out")["blocks"] as? [[String: Any]])
        #expect(leftOut.filter { $0["included"] as? Bool == false }.count == 1)
        #expect(try expected("ties")["p_randomization"] as? Double == 0.15625)
        #expect(try expected("k2")["df"] as? Int == 1)
        #expect(try expected("k8_mood")["df"] as? Int == 7)
        #expect(try expected("insufficient")["reason"] as? String == "too_few_blocks")
    }

    /// A stored seed redraws the same order (SplitMix64, checked against the Python implementation).
    @Test func seedsRedrawTheScriptsOrder() throws {
        let seeds = try #require(try TrialFixtures.json("seeds.json") as? [[String: Any]])
        for seed in seeds {
            let value = try #require(seed["seed"] as? NSNumber).uint64Value
            let arms = TrialPlan.randomArms(blocks: try #require(seed["blocks"] as? Int), seed: value)
            #expect(arms.map(\.rawValue).joined() == seed["arms"] as? String, "seed \(value)")
        }
    }

    @Test func studentQuantileMatchesScipy() {
        // scipy.stats.t.ppf(0.975, df) for df = 1, 4, 7, 19.
        let expected: [(Double, Double)] = [
            (1, 12.706204736174698), (4, 2.7764451051977934), (7, 2.3646242515927826), (19, 2.093024054408263),
        ]
        for (df, quantile) in expected {
            let mine = SpecialFunctions.studentTQuantile(0.975, df: df)
            #expect(abs(mine - quantile) <= 1e-12 * quantile, "df \(df): \(mine)")
        }
    }
}

@Suite struct TrialPlanTests {
    static let start = LocalDay("2026-12-07")!

    static func plan(blocks: Int = 5, period: Int = 7, washout: Int = 2, seed: UInt64 = 7) throws -> TrialPlan {
        try TrialPlan(
            intervention: "yoga", comparison: nil, outcome: "fatigue", periodDays: period, washoutDays: washout,
            blocks: blocks, seed: seed, start: start)
    }

    @Test func everyBlockHoldsOneAAndOneB() throws {
        for seed in UInt64(0)..<50 {
            let arms = try Self.plan(blocks: 8, seed: seed).arms
            #expect(stride(from: 0, to: 16, by: 2).allSatisfy { arms[$0] != arms[$0 + 1] })
        }
        // Over many seeds both orders occur in every block.
        let firstBlocks = Set((UInt64(0)..<64).map { TrialPlan.randomArms(blocks: 1, seed: $0) })
        #expect(firstBlocks.count == 2)
    }

    @Test func daysMapOntoBlocksPeriodsAndWashouts() throws {
        let plan = try Self.plan()
        #expect(plan.totalDays == 70)
        #expect(plan.end == Self.start + 69)
        #expect(plan.position(of: Self.start - 1) == nil)
        #expect(plan.position(of: Self.start + 70) == nil)
        let ninth = try #require(plan.position(of: Self.start + 8))
        #expect(ninth.block == 1 && ninth.period == 2 && ninth.dayInPeriod == 1 && ninth.isWashout)
        #expect(ninth.arm == plan.arms[1])
        #expect(try #require(plan.position(of: Self.start + 9)).isWashout == false)
        #expect(plan.periods.count == 10)
        #expect(plan.periods[3].from == Self.start + 21 && plan.periods[3].analysedFrom == Self.start + 23)
    }

    @Test(arguments: [(1, 7, 2), (21, 7, 2), (5, 7, 7), (5, 7, 9), (5, 0, 0), (5, 91, 2), (5, 7, -1)])
    func refusedDesigns(blocks: Int, period: Int, washout: Int) throws {
        let error = try #require(throws: FlareError.self) {
            try Self.plan(blocks: blocks, period: period, washout: washout)
        }
        #expect(error.status == .usage)
        #expect(!error.message.contains("\n"))
    }

    @Test func todaySaysThePeriodTheWashoutAndWhatComesNext() throws {
        let plan = try Self.plan(washout: 2, seed: 3)
        let trial = StoredTrial(
            id: 1, uid: "t", plan: plan, createdAt: "2026-12-01T00:00:00.000Z", stoppedAt: nil, stoppedDay: nil)
        func line(_ offset: Int) -> String { TrialNarrative.today(trial, today: Self.start + offset) }
        let first = plan.instruction(for: plan.arms[0])
        let second = plan.instruction(for: plan.arms[1])
        #expect(line(-2) == "trial of yoga starts in 2 days (\(Self.start)) with period 1: \(first)")
        #expect(line(-1).hasPrefix("trial of yoga starts tomorrow"))
        #expect(line(0) == "day 1 of 70: block 1, period 1 (\(first)), washout ends tomorrow")
        #expect(line(1) == "day 2 of 70: block 1, period 1 (\(first)), last washout day (not analysed)")
        #expect(line(2) == "day 3 of 70: block 1, period 1 (\(first))")
        #expect(line(6) == "day 7 of 70: block 1, period 1 (\(first)); tomorrow: \(second)")
        #expect(line(69) == "day 70 of 70: block 5, period 10 (\(plan.instruction(for: plan.arms[9])))")
        #expect(line(70) == "trial of yoga ended on \(plan.end); see 'flarelog trial analyze'")
        #expect(TrialNarrative.today(nil, today: Self.start).hasPrefix("no trial is running"))
    }

    @Test func fewBlocksWarningSaysTheSmallestP() {
        #expect(TrialNarrative.fewBlocksWarning(blocks: 4)?.contains("0.0625 one-sided (0.125 two-sided)") == true)
        #expect(TrialNarrative.fewBlocksWarning(blocks: 2)?.contains("0.25 one-sided (0.5 two-sided)") == true)
        #expect(TrialNarrative.fewBlocksWarning(blocks: 5)?.contains("0.03125 one-sided (0.0625 two-sided)") == true)
        #expect(TrialNarrative.fewBlocksWarning(blocks: 6) == nil)
    }

    @Test func randomisationPCountsTiesAndTheObservedPattern() {
        // ±(1, 1, 2) sums to ±4 only with all signs equal: 2 of 8 (the observed pattern counts).
        #expect(randomizationPValue([1, 1, 2]) == 0.25)
        // ±(1, 1) sums to ±2 twice and to 0 twice; ±(1, 1, 1, 1) reaches |sum| ≥ 2 in 2 + 8 of 16 patterns.
        #expect(randomizationPValue([1, 1]) == 0.5)
        #expect(randomizationPValue([1, 1, 1, -1]) == 10.0 / 16)
        #expect(randomizationPValue([3, 3]) == 0.5)
        #expect(randomizationPValue([1, 2, 4, 8]) == 2.0 / 16)
    }

    @Test func autocorrelationUsesConsecutiveDaysOnly() throws {
        let day = Self.start
        let residuals: [LocalDay: Double] = [day: 1, day + 1: -1, day + 2: 1, day + 5: 2]
        // Pairs (0,1), (1,2): (−1 − 1) / (1 + 1 + 1 + 4).
        #expect(lagOneAutocorrelation(residuals) == -2.0 / 7)
        #expect(lagOneAutocorrelation([day: 1, day + 2: 1]) == nil)
    }
}

@Suite struct TrialStoreTests {
    let folder: TemporaryDirectory
    let database: Database
    static let now = "2026-12-01T09:00:00.000Z"
    static let start = LocalDay("2026-12-07")!

    init() throws {
        folder = try TemporaryDirectory()
        database = try Database(path: folder.path("trial.db"), access: .write)
    }

    func request(_ intervention: String = "yoga", vs: String? = nil, blocks: Int = 5, start: LocalDay = start)
        -> TrialRequest
    {
        TrialRequest(
            intervention: intervention, comparison: vs, outcome: "Fatigue", periodDays: 7, washoutDays: 2,
            blocks: blocks, seed: 99, start: start)
    }

    @Test func aPlanIsStoredAsDrawnAndReadBack() throws {
        let trial = try database.planTrial(request(vs: "walking"), uid: "t-1", now: Self.now)
        #expect(trial.plan.outcome == "fatigue")
        #expect(trial.plan.comparison == "walking")
        #expect(trial.plan.arms == TrialPlan.randomArms(blocks: 5, seed: 99))
        #expect(try database.trials() == [trial])
        #expect(trial.status(today: Self.start - 1) == .planned)
        #expect(trial.status(today: Self.start) == .running)
        #expect(trial.status(today: trial.plan.end + 1) == .finished)
    }

    @Test func aDefaultSeedIsDrawnAndStored() throws {
        var request = request()
        request.seed = nil
        let first = try database.planTrial(request, uid: "t-1", now: Self.now)
        request.start = first.plan.end + 1
        let second = try database.planTrial(request, uid: "t-2", now: Self.now)
        #expect(first.plan.seed != second.plan.seed)
        #expect(first.plan.arms == TrialPlan.randomArms(blocks: 5, seed: first.plan.seed))
    }

    @Test func onlyOneTrialRunsAtATime() throws {
        let first = try database.planTrial(request(), uid: "t-1", now: Self.now)
        let error = try #require(throws: FlareError.self) {
            try database.planTrial(request("walking", start: Self.start + 30), uid: "t-2", now: Self.now)
        }
        #expect(error.message.contains("only one trial runs at a time"))
        #expect(try database.trials().count == 1)
        let stopped = try database.stopTrial(today: Self.start + 10, now: Self.now)
        #expect(stopped.id == first.id && stopped.stoppedDay == Self.start + 10)
        #expect(stopped.status(today: Self.start + 11) == .stopped)
        #expect(stopped.lastDay == Self.start + 10)
        _ = try database.planTrial(request("walking", start: Self.start + 30), uid: "t-2", now: Self.now)
        #expect(try database.trials().count == 2)
    }

    @Test func analyzeMeansTheRunningTrialElseTheLatestStarted() throws {
        let first = try database.planTrial(request(blocks: 2), uid: "t-1", now: Self.now)
        let second = try database.planTrial(request(start: Self.start + 60), uid: "t-2", now: Self.now)
        #expect(try database.trialToAnalyze(id: nil, today: Self.start + 40).id == first.id)
        #expect(try database.trialToAnalyze(id: nil, today: Self.start + 61).id == second.id)
        #expect(try database.trialToAnalyze(id: nil, today: Self.start - 5).id == second.id)
        #expect(try database.trialToAnalyze(id: first.id, today: Self.start + 61).id == first.id)
    }

    @Test func unknownItemsAreRefusedAndNothingIsWritten() throws {
        for bad in [request("no such thing"), request(vs: "nothing either"), request(vs: "yoga")] {
            let error = try #require(throws: FlareError.self) { try database.planTrial(bad, uid: "t", now: Self.now) }
            #expect(error.status == .badData)
        }
        var outcome = request()
        outcome.outcome = "yoga"
        #expect(throws: FlareError.self) { try database.planTrial(outcome, uid: "t", now: Self.now) }
        #expect(try database.trials().isEmpty)
    }

    /// A schema-4 file (before trials) upgrades in place and can then hold a trial.
    @Test func aSchemaFourFileUpgradesToTrials() throws {
        let path = folder.path("v4.db")
        let raw = try Connection(path: path)
        try raw.transaction {
            for migration in Migration.all.prefix(4) { try raw.execute(migration.sql) }
            try raw.setUserVersion(4)
        }
        let old = try Database(path: path, access: .write)
        #expect(try old.connection.userVersion == Database.schemaVersion)
        _ = try old.planTrial(request(), uid: "t-1", now: Self.now)
        #expect(try old.trials().count == 1)
    }

    /// An imported trial needs its items and may not overlap a running trial; a bad one imports nothing.
    @Test func importRefusesABadTrialAndImportsNothing() throws {
        let fixture = try ExchangeFixture()
        try fixture.fill()
        let exported = try fixture.export(fixture.database, .csv, to: "all.csv")
        _ = try fixture.importFile(fixture.path("all.csv"), into: "copy.db", from: .flarelog)
        let copy = fixture.path("copy.db")
        let entries = try ExchangeFixture.count(copy, "SELECT count(*) FROM entry")
        let renamed = exported.replacingOccurrences(of: ",t-2,", with: ",t-3,")
            .replacingOccurrences(of: ",u-1,", with: ",u-9,")
        try Data(renamed.utf8).write(to: URL(fileURLWithPath: fixture.path("overlap.csv")))
        let overlap = try #require(throws: ImportFailure.self) {
            try fixture.importFile(fixture.path("overlap.csv"), into: "copy.db", from: .flarelog)
        }
        #expect(overlap.problems.map(\.description).joined().contains("only one trial runs at a time"))
        let unknown = exported.replacingOccurrences(of: "trial,,yoga,t-2,", with: "trial,,no such thing,t-4,")
        try Data(unknown.utf8).write(to: URL(fileURLWithPath: fixture.path("unknown.csv")))
        let missing = try #require(throws: ImportFailure.self) {
            try fixture.importFile(fixture.path("unknown.csv"), into: "copy.db", from: .flarelog)
        }
        #expect(
            missing.problems.map(\.description).joined().contains(
                "no intervention named 'no such thing' in the catalog or the file"))
        #expect(try ExchangeFixture.count(copy, "SELECT count(*) FROM entry") == entries)
        #expect(try ExchangeFixture.count(copy, "SELECT count(*) FROM trial") == 2)
    }

    @Test func stoppingWithoutATrialIsRefused() throws {
        let error = try #require(throws: FlareError.self) { try database.stopTrial(today: Self.start, now: Self.now) }
        #expect(error.message.contains("no trial is running"))
    }

    /// End to end through SQLite: the analysis reads the same daily scores `correlate` does.
    @Test func analysisOfLoggedDays() throws {
        let trial = try database.planTrial(request(blocks: 2), uid: "t-1", now: Self.now)
        let fatigue = try database.item(.symptom, named: "fatigue")
        let yoga = try database.item(.intervention, named: "yoga")
        for offset in 0..<trial.plan.totalDays {
            let day = Self.start + offset
            let onA = trial.plan.position(of: day)!.arm == .a
            let time = EntryTime(occurredAt: "\(day)T10:00:00.000Z", utcOffsetMinutes: 0, localDay: day)
            _ = try database.log(
                NewEntry(uid: "f\(offset)", value: onA ? 3 + Double(offset % 2) : 6 + Double(offset % 3), time: time),
                of: fatigue, now: Self.now)
            if onA { _ = try database.log(NewEntry(uid: "y\(offset)", value: 30, time: time), of: yoga, now: Self.now) }
        }
        let analysis = try database.analyze(trial, today: trial.plan.end + 3)
        #expect(analysis.status == .ok)
        #expect(analysis.k == 2)
        #expect(analysis.analysedDays == 20)
        #expect(analysis.aDaysWithout == 0 && analysis.bDaysWith == 0)
        #expect((analysis.meanDifference ?? 0) > 2)
        #expect(TrialNarrative.conclusion(analysis).hasPrefix("With yoga, fatigue was better by"))
        #expect(TrialNarrative.cautions(analysis).last == TrialNarrative.caution)
    }
}
