import Foundation
import Testing

@testable import FlareKit

@Suite struct AnalysisNarrativeTests {
    static func planted() throws -> DailyData {
        let entries = try AnalysisCSV.entries(AnalysisFixtures.text("planted", "entries.csv"))
        let metadata = try AnalysisCSV.metadata(AnalysisFixtures.text("planted", "metadata.csv"))
        return try DailyData.aggregating(entries: entries, metadata: metadata, since: nil, until: nil)
    }

    @Test func lagPhrases() {
        #expect(AnalysisNarrative.lagPhrase(0) == "the same day")
        #expect(AnalysisNarrative.lagPhrase(1) == "the day before")
        #expect(AnalysisNarrative.lagPhrase(3) == "3 days before")
    }

    @Test func correlateLines() throws {
        let report = try correlate(Self.planted(), CorrelateOptions())
        let lines = AnalysisNarrative.lines(report)
        let from = try #require(report.windowFrom)
        #expect(lines.first?.hasPrefix("\(report.daysObserved) days with entries from \(from) to ") == true)
        if ProcessInfo.processInfo.environment["FLARELOG_SHOW"] != nil { print(lines.joined(separator: "\n")) }
        #expect(lines.last == AnalysisNarrative.caution)
        let stress = try #require(report.results.first { $0.trigger == "stress" && $0.lag == 1 })
        #expect(AnalysisNarrative.strength(stress) == .finding)
        let line = AnalysisNarrative.line(stress)
        #expect(line.hasPrefix("stress (the day before): the day before flare days had a mean of "))
        #expect(line.hasSuffix("— likely real"))
        let posture = try #require(report.results.first { $0.trigger == "poor posture" && $0.lag == 0 })
        #expect(AnalysisNarrative.line(posture).contains("a flare came on "))
        #expect(AnalysisNarrative.line(posture).contains("of days with poor posture vs "))
        #expect(AnalysisNarrative.line(posture).contains("OR = "))
    }

    @Test func effectLine() throws {
        let data = try Self.planted()
        let yoga = try effect(data, intervention: "yoga", outcome: nil)
        #expect(
            AnalysisNarrative.line(yoga).hasPrefix(
                "after days with yoga, the next day's median score was 4 vs 6 without"))
        #expect(AnalysisNarrative.strength(yoga) == .finding)
        let meditation = try effect(data, intervention: "meditation", outcome: nil)
        #expect(
            AnalysisNarrative.line(meditation)
                == "meditation: not enough data — need at least 5 days with meditation followed by a day with a score; "
                + "you have 0.")
    }

    @Test func whatIsMissing() throws {
        var entries: [SpecEntry] = []
        for day in 0..<10 {
            let date = LocalDay(ordinal: 20_000 + day).description
            entries.append(AnalysisErrorTests.entry(date, "symptom", "pain", day == 4 ? 8 : 2))
            entries.append(AnalysisErrorTests.entry(date, "trigger", "stress", Double(day)))
        }
        let data = try DailyData.aggregating(entries: entries, metadata: [], since: nil, until: nil)
        let report = try correlate(data, CorrelateOptions(lags: [0]))
        #expect(
            AnalysisNarrative.line(report.results[0])
                == "stress (the same day): not enough data — need at least 14 days with both stress (the same day) "
                + "and a flare status; you have 10.")
        var more = entries
        for day in 10..<20 {
            let date = LocalDay(ordinal: 20_000 + day).description
            more.append(AnalysisErrorTests.entry(date, "symptom", "pain", 2))
            more.append(AnalysisErrorTests.entry(date, "trigger", "stress", Double(day)))
        }
        let longer = try correlate(
            DailyData.aggregating(entries: more, metadata: [], since: nil, until: nil), CorrelateOptions(lags: [0]))
        #expect(
            AnalysisNarrative.line(longer.results[0])
                == "stress (the same day): not enough data — need at least 3 flare days; you have 1.")
    }
}
