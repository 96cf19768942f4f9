import Foundation
import SQLite
import Testing
import TestSupport

@testable import FlareKit

/// The cases written by Tests/Fixtures/make_assessment_fixtures.py (an independent numpy reference).
enum AssessmentFixtures {
    static func cases() throws -> [[String: Any]] {
        let url = try #require(
            Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures/assessments"))
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
    }

    /// The answers of a case, read the way stored answers are read.
    static func answers(_ instrument: Instrument, _ json: Any) throws -> AssessmentAnswers {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try AssessmentAnswers(instrument, jsonText: String(decoding: data, as: UTF8.self))
    }
}

@Suite struct AssessmentScoringTests {
    /// Every formula against the numpy reference: score, subscores, band, criteria and generalized pain.
    @Test func everyCaseMatchesTheReference() throws {
        let cases = try AssessmentFixtures.cases()
        #expect(cases.count > 100)
        for testCase in cases {
            let name = try #require(testCase["instrument"] as? String)
            let instrument = try #require(Instrument(rawValue: name))
            let answers = try AssessmentFixtures.answers(instrument, try #require(testCase["answers"]))
            let expected = try #require(testCase["expected"] as? [String: Any])
            let result = answers.result
            let score = try #require(expected["score"] as? Double)
            #expect(abs(result.score - score) <= 1e-12 * max(1, abs(score)), "\(testCase)")
            let subscores = try #require(expected["subscores"] as? [String: Double])
            #expect(Set(result.subscores.map(\.name)) == Set(subscores.keys), "\(testCase)")
            for (name, value) in subscores {
                #expect(abs((result.subscore(name) ?? .nan) - value) <= 1e-12 * max(1, value), "\(name) \(testCase)")
            }
            #expect(result.band == expected["band"] as? String, "\(testCase)")
            #expect(result.criteriaMet == expected["criteria_met"] as? Bool, "\(testCase)")
            #expect(result.generalizedPain == expected["generalized_pain"] as? Bool, "\(testCase)")
            // What is stored reads back as the same answers.
            let stored = JSONValue.object(answers.json).compactText
            #expect(try AssessmentAnswers(instrument, jsonText: stored) == answers)
        }
    }

    static let fourAreas = ["left-upper-arm", "right-upper-arm", "left-hip", "neck"]

    static func acr(_ regions: [String], _ symptoms: [Double], threeMonths: Bool = true) throws -> ACR2016Answers {
        try ACR2016Answers(
            regions: regions, fatigue: symptoms[0], unrefreshed: symptoms[1], cognitive: symptoms[2],
            headaches: symptoms[3], lowerAbdomen: symptoms[4], depression: symptoms[5], threeMonths: threeMonths)
    }

    /// WPI 4-6 needs SSS 9: 4 regions in 4 areas with SSS 3+3+2+1 = 9 meet it, SSS 8 does not.
    @Test func wpiFourToSixNeedsSSSNine() throws {
        let met = try Self.acr(Self.fourAreas, [3, 3, 2, 1, 0, 0])
        #expect(met.wpi == 4 && met.sss == 9 && met.generalizedPain && met.criteriaMet)
        #expect(met.result.score == 13 && met.result.band == "severe")
        #expect(try !Self.acr(Self.fourAreas, [3, 3, 1, 1, 0, 0]).criteriaMet)
        #expect(try !Self.acr(Self.fourAreas, [3, 3, 2, 1, 0, 0], threeMonths: false).criteriaMet)
        // WPI 7 needs only SSS 5.
        let seven = Self.fourAreas + ["chest", "abdomen", "left-jaw"]
        #expect(try Self.acr(seven, [2, 2, 1, 0, 0, 0]).criteriaMet)
        #expect(try !Self.acr(seven, [2, 1, 1, 0, 0, 0]).criteriaMet)
    }

    /// Jaw, chest and abdomen are WPI regions but not generalized pain: 5 regions in one area (axial) plus them.
    @Test func jawChestAndAbdomenDoNotMakePainGeneralized() throws {
        let answers = try Self.acr(["left-jaw", "right-jaw", "chest", "abdomen", "neck"], [3, 3, 3, 1, 1, 1])
        #expect(answers.wpi == 5 && answers.sss == 12)
        #expect(!answers.generalizedPain && !answers.criteriaMet)
        // Three areas are not enough either; the fourth makes it.
        #expect(try !Self.acr(["left-hip", "right-hip", "neck"], [3, 3, 3, 1, 1, 1]).generalizedPain)
        #expect(
            try Self.acr(["left-hip", "right-hip", "neck", "right-lower-arm"], [0, 0, 0, 0, 0, 0]).generalizedPain)
    }

    @Test(arguments: [
        (3, "none"), (4, "mild"), (7, "mild"), (8, "moderate"), (11, "moderate"), (12, "severe"),
        (19, "severe"), (20, "very severe"), (31, "very severe"),
    ])
    func psdBands(psd: Int, band: String) {
        #expect(ACR2016Answers.psdBand(psd) == band)
    }

    @Test func regionsAreNormalizedAndCountedOnce() throws {
        let answers = try Self.acr(["Neck", "neck", "left_hip"], [0, 0, 0, 0, 0, 0])
        #expect(answers.regions == ["left-hip", "neck"] && answers.wpi == 2)
        let error = try #require(throws: FlareError.self) { try Self.acr(["left knee"], [0, 0, 0, 0, 0, 0]) }
        #expect(error.message.hasPrefix("'left knee' is not one of the 19 ACR 2016 regions"))
        let range = try #require(throws: FlareError.self) { try Self.acr([], [0, 0, 0, 2, 0, 0]) }
        #expect(range.message == "headaches must be a whole number 0-1; got 2")
    }

    /// Items 1-9 sum to 37 (function 37/3), 10-11 to 11, 12-21 to 53 (symptoms 26.5); item 2 missing scales the
    /// function sum 33 by 9/8.
    @Test func fiqrByHandWithAMissingItem() throws {
        var items: [Double?] = [3, 4, 5, 6, 7, 2, 1, 0, 9, 5, 6, 7, 8, 2, 3, 4, 5, 6, 7, 1, 10]
        let complete = try FIQRAnswers(items).result
        #expect(complete.subscore("function") == 37.0 / 3 && complete.subscore("impact") == 11)
        #expect(complete.subscore("symptoms") == 26.5 && complete.band == nil)
        items[1] = nil
        let missing = try FIQRAnswers(items).result
        let function: Double = 33.0 * 9 / 8 / 3
        #expect(missing.subscore("function") == function)
        #expect(abs(missing.score - (12.375 + 11 + 26.5)) < 1e-12)
        let short = try #require(throws: FlareError.self) { try FIQRAnswers(Array(items.prefix(20))) }
        #expect(short.message == "FIQR needs 21 answers ('-' for one left out); got 20")
        items[9] = nil
        items[10] = nil
        let empty = try #require(throws: FlareError.self) { try FIQRAnswers(items) }
        #expect(empty.message == "FIQR's impact domain (items 10...11) needs at least one answer")
        let half = try #require(throws: FlareError.self) { try FIQRAnswers([Double?](repeating: 2.5, count: 21)) }
        #expect(half.message == "FIQR item 1 (function) must be a whole number 0-10; got 2.5")
    }

    /// (4 + 4 + 4 + 4 + (4 + 4)/2) / 5 = 4 is active; 3.9 in Q4 gives 3.98, not active.
    @Test func basdaiByHand() throws {
        #expect(try BASDAIAnswers([4, 4, 4, 4, 4, 4]).result == AssessmentResult(score: 4, band: "active"))
        let below = try BASDAIAnswers([4, 4, 4, 3.9, 4, 4]).result
        #expect(abs(below.score - 3.98) < 1e-12 && below.band == "not active")
        #expect(try BASDAIAnswers([2.5, 7, 1, 0, 6, 3]).result.score == 3)
        let error = try #require(throws: FlareError.self) { try BASDAIAnswers([4, 4, 4, 4, 4, 11]) }
        #expect(error.message.hasPrefix("BASDAI morning stiffness duration"))
    }

    /// A CRP below 2 mg/L counts as 2: 0.5 and 2 give the same score, 0.579 × ln 3.
    @Test func asdasCRPBelowTwoCountsAsTwo() throws {
        func asdas(_ crp: Double, _ answers: [Double] = [0, 0, 0, 0]) throws -> AssessmentResult {
            try ASDASAnswers(
                backPain: answers[0], patientGlobal: answers[1], peripheral: answers[2],
                stiffnessDuration: answers[3], crp: crp
            ).result
        }
        #expect(try asdas(0.5) == asdas(2))
        #expect(try abs(asdas(0.5).score - 0.579 * log(3.0)) < 1e-15)
        #expect(try asdas(0.5).subscore("crp_used") == 2 && asdas(8).subscore("crp_used") == 8)
        // 0.121·3 + 0.110·2 + 0.073·1 + 0.058·2 + 0.579·ln 3 = 1.408…: low.
        #expect(try abs(asdas(1.9, [3, 2, 1, 2]).score - 1.4080965151388354) < 1e-12)
        #expect(try asdas(1.9, [3, 2, 1, 2]).band == "low")
    }

    @Test(arguments: [
        (1.29, "inactive"), (1.3, "low"), (2.09, "low"), (2.1, "high"), (3.5, "high"),
        (3.51, "very high"),
    ])
    func asdasBands(score: Double, band: String) {
        #expect(ASDASAnswers.band(score) == band)
    }
}

@Suite struct AssessmentStorageTests {
    let folder: TemporaryDirectory
    let database: Database
    static let time = EntryTime(
        occurredAt: "2026-11-20T08:00:00.000Z", utcOffsetMinutes: 60, localDay: LocalDay("2026-11-20")!)

    init() throws {
        folder = try TemporaryDirectory()
        database = try Database(path: folder.path("a.db"), access: .write)
    }

    @Test func storesAndReadsBackEachInstrument() throws {
        let basdai = AssessmentAnswers.basdai(try BASDAIAnswers([2.5, 7, 1, 0, 6, 3]))
        let (stored, created) = try database.addAssessment(
            basdai, uid: "u1", time: Self.time, now: "2026-11-20T08:00:01.000Z")
        #expect(created && stored.answers == basdai && stored.score == 3 && stored.version == "1994")
        #expect(stored.localTimeText == "2026-11-20T09:00:00.000+01:00")
        let again = try database.addAssessment(basdai, uid: "u1", time: Self.time, now: "2026-11-21T00:00:00.000Z")
        #expect(!again.created && again.assessment == stored)
        let acr = AssessmentAnswers.acr2016(try AssessmentScoringTests.acr(["neck"], [1, 1, 1, 0, 0, 0]))
        try database.addAssessment(acr, uid: "u2", time: Self.time, now: "2026-11-20T08:00:02.000Z")
        #expect(try database.assessments().map(\.uid) == ["u1", "u2"])
        #expect(try database.assessments(.acr2016).map(\.answers) == [acr])
        #expect(try database.assessments(since: LocalDay("2026-11-21")).isEmpty)
    }

    @Test func theDatabaseRefusesAnswersThatAreNotAnObject() throws {
        #expect(throws: SQLiteError.self) {
            try database.connection.run(
                """
                INSERT INTO assessment (uid, instrument, version, occurred_at, utc_offset_min, local_day, answers,
                    score, created_at)
                VALUES ('x', 'fiqr', '2009', '2026-01-01T00:00:00.000Z', 0, '2026-01-01', '[1]', 1,
                    '2026-01-01T00:00:00.000Z')
                """)
        }
    }

    /// The past week's regions for `assess acr2016`: symptom entries only, live ones, ACR regions only.
    @Test func loggedRegionsOfTheWeek() throws {
        let pain = try database.item(.symptom, named: "widespread pain")
        for (uid, day, regions) in [
            ("a", "2026-11-14", ["neck"]), ("b", "2026-11-15", ["left-hip", "my left knee"]),
            ("c", "2026-11-20", ["neck", "chest"]),
        ] {
            let time = EntryTime(occurredAt: "\(day)T08:00:00.000Z", utcOffsetMinutes: 0, localDay: LocalDay(day)!)
            _ = try database.log(
                NewEntry(uid: uid, value: 5, time: time, regions: regions), of: pain, now: "\(day)T08:00:00.000Z")
        }
        #expect(
            try database.loggedACRRegions(since: LocalDay("2026-11-15")!, until: LocalDay("2026-11-21")!)
                == ["left-hip", "neck", "chest"])
    }
}

@Suite struct AssessmentExchangeTests {
    /// An exported assessment is scored again on import: a score that does not match its answers, answers
    /// out of range or a scoring version this flarelog does not know are bad rows, and nothing is imported.
    @Test func importChecksTheAnswersAgainstTheScore() throws {
        let fixture = try ExchangeFixture()
        try fixture.addAssessments(
            EntryTime(occurredAt: "2026-01-05T09:00:00.000Z", utcOffsetMinutes: 60, localDay: LocalDay("2026-01-05")!),
            now: "2026-01-05T09:00:00.000Z")
        let text = try fixture.export(fixture.database, .csv, to: "a.csv")
        let rows = text.split(separator: "\n").map(String.init)
        let basdai = try #require(rows.firstIndex { $0.contains(",basdai,") })
        var bad = rows
        bad[basdai] = bad[basdai].replacingOccurrences(of: ",1994,", with: ",1995,")
        let fiqr = try #require(rows.firstIndex { $0.contains(",fiqr,") })
        bad[fiqr] = bad[fiqr].replacingOccurrences(of: "[3,null,5", with: "[3,null,11")
        let acr = try #require(rows.firstIndex { $0.contains(",acr2016,") })
        bad[acr] = bad[acr].replacingOccurrences(of: ",13,", with: ",12,")
        let file = fixture.path("bad.csv")
        try (bad.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let failure = try #require(throws: ImportFailure.self) {
            try fixture.importFile(file, into: "copy.db", from: .flarelog)
        }
        let reasons = failure.problems.map { "\($0.column): \($0.reason)" }
        #expect(reasons.contains("value: score 12 does not match its answers (13)"))
        #expect(
            reasons.contains(
                "version: basdai version '1995' is not the one this flarelog scores (1994); upgrade flarelog"))
        #expect(reasons.contains("answers: FIQR item 3 (function) must be a whole number 0-10; got 11"))
        #expect(failure.problems.count == 3)
    }
}

@Suite struct AssessmentReportTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try Database(path: folder.path("r.db"), access: .write)
    }

    static func summaryObject(_ instrument: String, _ day: String, _ score: Double, _ band: String) -> JSONObject {
        var object = JSONObject()
        object["instrument"] = .string(instrument)
        object["local_day"] = .string(day)
        object["score"] = .number(score)
        object["band"] = .string(band)
        return object
    }

    private func basdai(_ day: String, _ items: [Double]) throws {
        let time = EntryTime(occurredAt: "\(day)T08:00:00.000Z", utcOffsetMinutes: 0, localDay: LocalDay(day)!)
        try database.addAssessment(.basdai(try BASDAIAnswers(items)), uid: day, time: time, now: "\(day)T08:00:00.000Z")
    }

    /// The latest of the period, the change since the one before (even before the period), and the trend of the
    /// period only.
    @Test func theReportShowsTheLatestScoreItsChangeAndItsTrend() throws {
        try basdai("2026-01-10", [5, 5, 5, 5, 5, 5])  // before the period: 5
        try basdai("2026-02-05", [6, 6, 6, 6, 6, 6])  // 6
        try basdai("2026-02-20", [4, 4, 4, 4, 4, 4])  // 4: −2, −33%
        let data = try database.reportData(from: LocalDay("2026-02-01")!, to: LocalDay("2026-02-28")!)
        let trend = try #require(data.assessments.first)
        #expect(data.assessments.count == 1 && trend.instrument == .basdai)
        #expect(trend.inPeriod.map(\.score) == [6, 4] && trend.previous?.score == 6)
        #expect(trend.change == -2 && trend.relativeChange == -2.0 / 6)
        let html = ReportHTML.document(data, generatedAt: "now", version: "test")
        #expect(html.contains("<tr data-instrument=\"basdai\" data-score=\"4\" data-change=\"-2\">"))
        #expect(html.contains("<td class=\"change\">−2 (−33%) since Thu 5 Feb 2026</td>"))
        #expect(html.contains("data-chart=\"trend\" data-points=\"2\" data-y-min=\"0\" data-y-max=\"10\""))
        #expect(html.contains("IMMPACT: Dworkin et al., J Pain 2008;9:105-121"))
        // The first assessment of an instrument has nothing to compare with.
        let first = try database.reportData(from: LocalDay("2026-01-01")!, to: LocalDay("2026-01-31")!)
        #expect(first.assessments.first?.previous == nil && first.assessments.first?.change == nil)
        #expect(ReportHTML.document(first, generatedAt: "now", version: "test").contains("first assessment"))
        // summary: the latest score of each instrument up to its last day, in one line and in JSON.
        let summary = try database.summary(days: 7, today: LocalDay("2026-02-28")!)
        #expect(summary.latestAssessments.map(\.score) == [4])
        #expect(
            SummaryText(width: 100, colour: false).render(summary).contains(
                "\nLatest scores: BASDAI 4 active (2026-02-20)\n"))
        guard case .object(let document) = summary.json, case .array(let latest)? = document["assessments"] else {
            Issue.record("no assessments in the summary's JSON")
            return
        }
        #expect(latest.first == .object(Self.summaryObject("basdai", "2026-02-20", 4, "active")))
        let before = try database.summary(days: 7, today: LocalDay("2026-01-31")!)
        #expect(before.latestAssessments.map(\.score) == [5])
        let none = try database.reportData(from: LocalDay("2025-01-01")!, to: LocalDay("2025-01-31")!)
        #expect(!ReportHTML.document(none, generatedAt: "now", version: "test").contains("id=\"assessments\""))
    }
}
