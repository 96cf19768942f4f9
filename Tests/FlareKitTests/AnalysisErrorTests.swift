import Foundation
import Testing

@testable import FlareKit

@Suite struct AnalysisErrorTests {
    static func entry(_ day: String, _ kind: String, _ name: String, _ value: Double) -> SpecEntry {
        SpecEntry(occurredAt: "\(day)T09:00:00Z", localDay: day, kind: kind, name: name, value: value)
    }

    static let pain = AnalysisItem(kind: .symptom, name: "pain", valueType: .scale, aggregate: .max)

    @Test func lagsParse() throws {
        #expect(try CorrelateOptions.parseLags("0-3,7") == [0, 1, 2, 3, 7])
        #expect(try CorrelateOptions.parseLags("7,0-3,2,2-2") == [0, 1, 2, 3, 7])
        #expect(try CorrelateOptions.parseLags("5") == [5])
        #expect(CorrelateOptions(lags: [3, 1, 3]).lags == [1, 3])
    }

    @Test(arguments: [
        "", "a", "3-1", "-1", "1,-2", "1--2", "1-2-3", " 1", "1,", ",1", "1.5", "0-", "99999999999999999999",
    ])
    func malformedLagsAreRejected(text: String) {
        let error = #expect(throws: AnalysisError.self) { try CorrelateOptions.parseLags(text) }
        guard case .invalidLags(let echoed, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(echoed == text)
    }

    @Test func negativeLagInOptionsIsRejected() {
        let data = DailyData(catalog: [], dailyValues: [:], flareEntryDays: [], observedDays: [])
        #expect(throws: AnalysisError.self) { try correlate(data, CorrelateOptions(lags: [-1, 0])) }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteThresholdIsRejected(threshold: Double) {
        let data = DailyData(catalog: [], dailyValues: [:], flareEntryDays: [], observedDays: [])
        #expect(throws: AnalysisError.self) { try correlate(data, CorrelateOptions(threshold: threshold)) }
    }

    @Test func unknownOutcomeListsKnownSymptoms() throws {
        let entries = [Self.entry("2026-01-01", "symptom", "pain", 3), Self.entry("2026-01-01", "symptom", "Ache", 3)]
        let data = try DailyData.aggregating(entries: entries, metadata: [], since: nil, until: nil)
        let error = #expect(throws: AnalysisError.self) { try correlate(data, CorrelateOptions(outcome: "Pain")) }
        #expect(error == .unknownOutcome("Pain", knownSymptoms: ["Ache", "pain"]))
        #expect(error?.description == "no symptom named 'Pain'; known symptoms: 'Ache', 'pain'")
        // A trigger of that name is not a symptom.
        #expect(throws: AnalysisError.self) { try correlate(data, CorrelateOptions(outcome: "stress")) }
    }

    /// The catalog check ignores the window: a symptom with entries only outside the window is known.
    @Test func outcomeAndInterventionChecksIgnoreTheWindow() throws {
        let entries = [
            Self.entry("2026-01-01", "symptom", "pain", 3), Self.entry("2026-01-01", "intervention", "yoga", 20),
            Self.entry("2026-03-01", "trigger", "stress", 3),
        ]
        let since = LocalDay("2026-02-01")
        let data = try DailyData.aggregating(entries: entries, metadata: [], since: since, until: nil)
        let report = try correlate(data, CorrelateOptions(outcome: "pain"))
        #expect(report.daysObserved == 1)
        #expect(report.results.map(\.reason) == Array(repeating: .tooFewPairs, count: 4))
        let result = try effect(data, intervention: "yoga", outcome: "pain")
        #expect(result.reason == .tooFewWith)
        let error = #expect(throws: AnalysisError.self) { try effect(data, intervention: "stress", outcome: nil) }
        #expect(error == .unknownIntervention("stress", knownInterventions: ["yoga"]))
        // Known from metadata only, never logged.
        let withMetadata = try DailyData.aggregating(
            entries: entries,
            metadata: [AnalysisItem(kind: .intervention, name: "nap", valueType: .quantity, aggregate: .sum)],
            since: nil, until: nil)
        #expect(try effect(withMetadata, intervention: "nap", outcome: nil).reason == .tooFewWith)
    }

    @Test func badEntriesAreRejected() {
        #expect(throws: AnalysisError.invalidDay("2026-02-30")) {
            try DailyData.aggregating(
                entries: [Self.entry("2026-02-30", "symptom", "pain", 1)], metadata: [], since: nil, until: nil)
        }
        #expect(throws: AnalysisError.unknownEntryKind("mood")) {
            try DailyData.aggregating(
                entries: [Self.entry("2026-02-03", "mood", "pain", 1)], metadata: [], since: nil, until: nil)
        }
        // Checked even outside the window.
        #expect(throws: AnalysisError.nonFiniteValue(kind: "trigger", name: "stress", day: "2026-02-03")) {
            try DailyData.aggregating(
                entries: [Self.entry("2026-02-03", "trigger", "stress", .nan)], metadata: [],
                since: LocalDay("2027-01-01"), until: nil)
        }
    }

    @Test func badMetadataIsRejected() {
        let booleanMax = AnalysisItem(kind: .trigger, name: "posture", valueType: .boolean, aggregate: .max)
        #expect(throws: AnalysisError.self) {
            try DailyData.aggregating(entries: [], metadata: [booleanMax], since: nil, until: nil)
        }
        let scaleAny = AnalysisItem(kind: .trigger, name: "stress", valueType: .scale, aggregate: .any)
        #expect(throws: AnalysisError.self) {
            try DailyData.aggregating(entries: [], metadata: [scaleAny], since: nil, until: nil)
        }
        #expect(throws: AnalysisError.duplicateMetadata(kind: .symptom, name: "pain")) {
            try DailyData.aggregating(entries: [], metadata: [Self.pain, Self.pain], since: nil, until: nil)
        }
    }

    @Test func csvQuotingAndDefaults() throws {
        let entries = try AnalysisCSV.entries(
            "occurred_at,local_day,kind,name,value\r\nx,2026-01-01,trigger,\"a, \"\"b\"\"\nc\",2.5\r\n"
                + "x,2026-01-02,flare,flare,1\n")
        #expect(entries.map(\.name) == ["a, \"b\"\nc", "flare"])
        #expect(entries.map(\.value) == [2.5, 1])
        let metadata = try AnalysisCSV.metadata(
            "kind,name,value_type,aggregate,direction,min,max\nsymptom,pain,scale,,,,\ntrigger,stress,scale,,,,\n"
                + "trigger,posture,boolean,,,,\nintervention,yoga,quantity,,,,\n"
                + "symptom,mood,scale,mean,better-when-higher,1,5\n")
        #expect(metadata.map(\.aggregate) == [.max, .mean, .any, .sum, .mean])
        #expect(
            metadata.map(\.direction) == [
                .worseWhenHigher, .worseWhenHigher, .worseWhenHigher, .worseWhenHigher, .betterWhenHigher,
            ])
        #expect(metadata[4].min == 1 && metadata[4].max == 5 && metadata[0].min == nil)
        #expect(throws: AnalysisError.self) {
            try AnalysisCSV.metadata("kind,name,value_type,aggregate,direction,min,max\nsymptom,mood,scale,,upward,,\n")
        }
        #expect(throws: AnalysisError.self) { try AnalysisCSV.entries("occurred_at,local_day,kind,name\n") }
        #expect(throws: AnalysisError.self) {
            try AnalysisCSV.entries("occurred_at,local_day,kind,name,value\nx,2026-01-01,trigger,\"open,1\n")
        }
        #expect(throws: AnalysisError.self) {
            try AnalysisCSV.entries("occurred_at,local_day,kind,name,value\nx,2026-01-01,trigger,a,one\n")
        }
        #expect(throws: AnalysisError.self) {
            try AnalysisCSV.metadata("kind,name,value_type,aggregate\nflare,f,scale,max\n")
        }
    }
}

@Suite struct AnalysisJSONTests {
    @Test func stringsAreEscaped() throws {
        let name = "q\"b\\s\n\t\u{01}\u{1F} é 😀\u{2028}"
        let text = JSONValue.array([.string(name)]).compactText
        #expect(!text.contains("\n"))
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(parsed == [name])
    }

    /// All keys present, in the spec's order, nulls written, counts as integers.
    @Test func keyOrderAndNulls() throws {
        var entries: [SpecEntry] = []
        for day in 0..<20 {
            let date = LocalDay(ordinal: 20_000 + day).description
            entries.append(AnalysisErrorTests.entry(date, "symptom", "pain", Double(day % 5 * 2)))
            entries.append(AnalysisErrorTests.entry(date, "trigger", "stress", Double(day % 3)))
        }
        let data = try DailyData.aggregating(entries: entries, metadata: [], since: nil, until: nil)
        let text = try correlate(data, CorrelateOptions(lags: [0, 30])).jsonText()
        let keys = [
            "outcome", "direction", "threshold", "flare_rule", "days_observed", "calendar_days", "flare_days",
            "nonflare_days", "window", "from",
            "to", "results", "trigger", "kind", "value_type", "lag", "n", "flare_n", "status", "reason", "r", "p", "q",
            "rho", "rho_p", "rho_n", "mean_on_flare", "mean_off_flare", "mean_diff", "rr", "or", "or_ci", "table",
            "perm_p", "perm_q",
        ]
        let positions = keys.map { text.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(
            positions.compactMap { $0 }.map { text.distance(from: text.startIndex, to: $0) }
                == positions.compactMap { $0 }.map { text.distance(from: text.startIndex, to: $0) }.sorted())
        #expect(
            text.hasPrefix(
                "{\"outcome\":\"any symptom\",\"direction\":\"worse-when-higher\",\"threshold\":7,"
                    + "\"flare_rule\":\"any symptom at or above 7 or a logged flare\",\"days_observed\":20,\"calendar_days\":20,"
            ))
        #expect(
            text.contains(
                "\"lag\":30,\"n\":0,\"flare_n\":0,\"status\":\"insufficient\",\"reason\":\"too_few_pairs\",\"r\":null"))
        #expect(text.contains("\"perm_p\":null,\"perm_q\":null}]}"))
        let empty = try correlate(
            DailyData(catalog: [], dailyValues: [:], flareEntryDays: [], observedDays: []), CorrelateOptions())
        #expect(
            empty.jsonText()
                == "{\"outcome\":\"any symptom\",\"direction\":\"worse-when-higher\",\"threshold\":7,"
                + "\"flare_rule\":\"any symptom at or above 7 or a logged flare\",\"days_observed\":0,\"calendar_days\":0,\"flare_days\":0,"
                + "\"nonflare_days\":0,\"window\":{\"from\":null,\"to\":null},\"results\":[]}")
    }
}
