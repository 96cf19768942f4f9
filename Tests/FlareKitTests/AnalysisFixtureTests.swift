import Foundation
import Testing

@testable import FlareKit

/// Loads the fixtures written by Tests/Fixtures/make_analysis_fixtures.py (an independent scipy reference).
enum AnalysisFixtures {
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "analysis", withExtension: nil, subdirectory: "Fixtures"))
        }
    }

    static func text(_ history: String, _ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(history).appendingPathComponent(file), encoding: .utf8)
    }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(path)))
    }

    /// Runs one case of cases.json through the Swift engine and returns its JSON document, parsed.
    static func run(_ history: String, _ testCase: [String: Any]) throws -> Any {
        let entries = try AnalysisCSV.entries(text(history, "entries.csv"))
        let metadata = try AnalysisCSV.metadata(text(history, "metadata.csv"))
        let since = (testCase["since"] as? String).flatMap { LocalDay($0) }
        let until = (testCase["until"] as? String).flatMap { LocalDay($0) }
        let data = try DailyData.aggregating(entries: entries, metadata: metadata, since: since, until: until)
        let outcome = testCase["outcome"] as? String
        let text: String
        if testCase["command"] as? String == "correlate" {
            let lags = try CorrelateOptions.parseLags(try #require(testCase["lags"] as? String))
            let threshold = try #require(testCase["threshold"] as? Double)
            text = try correlate(data, CorrelateOptions(outcome: outcome, threshold: threshold, lags: lags)).jsonText()
        } else {
            let intervention = try #require(testCase["intervention"] as? String)
            text = try effect(data, intervention: intervention, outcome: outcome).jsonText()
        }
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// §4.7 compares q and p exactly, so two tests whose q and p are equal mathematically but differ in the
    /// last bits between two implementations may be listed in either order. Returns `actual` with its results
    /// in the expected order, plus the order differences that are not such near-ties.
    static func alignResults(_ actual: Any, _ expected: Any) -> (Any, [String]) {
        guard var actual = actual as? [String: Any], let expected = expected as? [String: Any],
            let mine = actual["results"] as? [[String: Any]], let theirs = expected["results"] as? [[String: Any]],
            mine.count == theirs.count
        else { return (actual, []) }
        func key(_ result: [String: Any]) -> String { "\(result["trigger"] ?? "")@\(result["lag"] ?? "")" }
        func close(_ lhs: Any?, _ rhs: Any?) -> Bool {
            guard let lhs = (lhs as? NSNumber)?.doubleValue, let rhs = (rhs as? NSNumber)?.doubleValue else {
                return lhs is NSNull && rhs is NSNull
            }
            return abs(lhs - rhs) <= 1e-9 * max(abs(lhs), abs(rhs))
        }
        var problems: [String] = []
        for (index, (left, right)) in zip(mine, theirs).enumerated() where key(left) != key(right) {
            if !(close(left["q"], right["q"]) && close(left["p"], right["p"]) && left["status"] as? String == "ok") {
                problems.append("results[\(index)]: \(key(left)) vs expected \(key(right))")
            }
        }
        let byKey = Dictionary(mine.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        actual["results"] = theirs.map { byKey[key($0)] ?? [:] }
        return (actual, problems)
    }

    static let integerKeys: Set<String> = [
        "days_observed", "calendar_days", "flare_days", "nonflare_days", "lag", "n", "flare_n", "rho_n", "table",
        "n_with", "n_without",
        // Trials (TrialTests).
        "index", "n_a", "n_b", "df", "a_days_without", "b_days_with", "analysed_days",
    ]

    /// Every difference between `actual` and `expected`: numbers to 1e-9 relative (counts exactly), strings and
    /// nulls exactly, the same keys and array lengths.
    static func differences(_ actual: Any, _ expected: Any, path: String = "$", key: String = "") -> [String] {
        switch (actual, expected) {
        case (let actual as [String: Any], let expected as [String: Any]):
            guard Set(actual.keys) == Set(expected.keys) else {
                return ["\(path): keys \(actual.keys.sorted()) vs expected \(expected.keys.sorted())"]
            }
            return expected.keys.sorted().flatMap { name in
                differences(actual[name]!, expected[name]!, path: "\(path).\(name)", key: name)
            }
        case (let actual as [Any], let expected as [Any]):
            guard actual.count == expected.count else {
                return ["\(path): \(actual.count) elements vs expected \(expected.count)"]
            }
            return zip(actual, expected).enumerated().flatMap { index, pair in
                differences(pair.0, pair.1, path: "\(path)[\(index)]", key: key)
            }
        case (is NSNull, is NSNull):
            return []
        case (let actual as String, let expected as String):
            return actual == expected ? [] : ["\(path): \(actual) vs expected \(expected)"]
        case (let actual as NSNumber, let expected as NSNumber):
            let (a, e) = (actual.doubleValue, expected.doubleValue)
            if integerKeys.contains(key) {
                return a == e && a == a.rounded() ? [] : ["\(path): \(a) vs expected integer \(e)"]
            }
            guard a.isFinite, abs(a - e) <= 1e-9 * max(abs(a), abs(e)) else {
                return ["\(path): \(a) vs expected \(e) (relative \(abs(a - e) / max(abs(a), abs(e))))"]
            }
            return []
        default:
            return ["\(path): \(actual) vs expected \(expected)"]
        }
    }
}

@Suite struct AnalysisFixtureTests {
    @Test(arguments: [
        "planted", "ar_noise", "sparse", "ties", "zero_cells", "explicit_flares", "windows", "long", "ratings",
    ])
    func everyFieldMatchesTheReference(history: String) throws {
        let cases = try #require(try AnalysisFixtures.json("\(history)/cases.json") as? [[String: Any]])
        #expect(cases.count >= 2)
        for (index, testCase) in cases.enumerated() {
            let actual = try AnalysisFixtures.run(history, testCase)
            let expected = testCase["expected"]!
            let (aligned, orderProblems) = AnalysisFixtures.alignResults(actual, expected)
            #expect(orderProblems.isEmpty, "\(history) case \(index): \(orderProblems.prefix(10))")
            let differences = AnalysisFixtures.differences(aligned, expected)
            #expect(differences.isEmpty, "\(history) case \(index): \(differences.prefix(10))")
        }
    }

    /// The comparison itself must be able to fail.
    @Test func comparisonDetectsDifferences() {
        let expected: [String: Any] = ["p": 0.5, "n": 3, "reason": NSNull(), "table": [1, 2]]
        #expect(AnalysisFixtures.differences(expected, expected).isEmpty)
        #expect(
            !AnalysisFixtures.differences(
                ["p": 0.5 * (1 + 2e-9), "n": 3, "reason": NSNull(), "table": [1, 2]], expected
            ).isEmpty)
        #expect(
            !AnalysisFixtures.differences(["p": 0.5, "n": 3.5, "reason": NSNull(), "table": [1, 2]], expected).isEmpty)
        #expect(
            !AnalysisFixtures.differences(["p": NSNull(), "n": 3, "reason": NSNull(), "table": [1, 2]], expected)
                .isEmpty)
        #expect(!AnalysisFixtures.differences(["p": 0.5, "n": 3, "reason": "x", "table": [1, 2]], expected).isEmpty)
        #expect(!AnalysisFixtures.differences(["p": 0.5, "n": 3, "reason": NSNull(), "table": [1]], expected).isEmpty)
        #expect(!AnalysisFixtures.differences(["p": 0.5, "n": 3, "reason": NSNull()], expected).isEmpty)
    }

    /// Planted history: stress (lag 1) and poor posture (lag 0) are findings by perm_q, no noise trigger is,
    /// and yoga lowers the next day's score.
    @Test func plantedEffectsAreFoundAndNoiseIsNot() throws {
        let entries = try AnalysisCSV.entries(AnalysisFixtures.text("planted", "entries.csv"))
        let metadata = try AnalysisCSV.metadata(AnalysisFixtures.text("planted", "metadata.csv"))
        let data = try DailyData.aggregating(entries: entries, metadata: metadata, since: nil, until: nil)
        let report = try correlate(data, CorrelateOptions())
        let findings = report.results.filter { ($0.permQ ?? 1) < 0.05 }
        let found = Set(findings.map { "\($0.trigger)@\($0.lag)" })
        #expect(found.contains("stress@1"))
        #expect(found.contains("poor posture@0"))
        #expect(findings.allSatisfy { $0.trigger == "stress" || $0.trigger == "poor posture" }, "\(found)")
        let yoga = try effect(data, intervention: "yoga", outcome: nil)
        #expect(yoga.status == .ok)
        #expect((yoga.permP ?? 1) < 0.05)
        #expect((yoga.rankBiserial ?? 0) < 0)
    }
}
