import Foundation
import Testing

@testable import FlareKit

/// Ten years × 30 items, the size of the performance comparison; run with FLARELOG_BENCH=1 (release build).
@Suite struct AnalysisBenchmarkTests {
    static func tenYears() -> DailyData {
        var generator = SplitMix64(seed: 42)
        var catalog: [AnalysisItem] = []
        var values: [AnalysisItem: [LocalDay: Double]] = [:]
        let start = LocalDay("2016-01-01")!
        let days = 3650
        var observed = Set<LocalDay>()
        for day in 0..<days where generator.next() % 20 != 0 { observed.insert(start + day) }
        func add(_ item: AnalysisItem, _ value: () -> Double?) {
            catalog.append(item)
            var series: [LocalDay: Double] = [:]
            for day in observed { if let v = value() { series[day] = v } }
            values[item] = series
        }
        for index in 0..<3 {
            add(AnalysisItem(kind: .symptom, name: "symptom \(index)", valueType: .scale, aggregate: .max)) {
                generator.next() % 10 == 0 ? nil : Double(generator.next() % 11)
            }
        }
        for index in 0..<25 {
            if index % 3 == 0 {
                add(AnalysisItem(kind: .trigger, name: "flag \(index)", valueType: .boolean, aggregate: .any)) {
                    generator.next() % 3 == 0 ? 1 : nil
                }
            } else {
                add(AnalysisItem(kind: .trigger, name: "level \(index)", valueType: .scale, aggregate: .mean)) {
                    generator.next() % 7 == 0 ? nil : Double(generator.next() % 1000) / 10
                }
            }
        }
        for index in 0..<2 {
            add(AnalysisItem(kind: .intervention, name: "help \(index)", valueType: .quantity, aggregate: .sum)) {
                generator.next() % 2 == 0 ? Double(generator.next() % 60) : nil
            }
        }
        return DailyData(catalog: catalog, dailyValues: values, flareEntryDays: [], observedDays: observed)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["FLARELOG_BENCH"] != nil))
    func tenYearsThirtyItems() throws {
        let data = Self.tenYears()
        let clock = ContinuousClock()
        var report: CorrelationReport?
        let correlateTime = try clock.measure { report = try correlate(data, CorrelateOptions()) }
        var effects: [EffectReport] = []
        let effectTime = try clock.measure {
            for index in 0..<2 { effects.append(try effect(data, intervention: "help \(index)", outcome: nil)) }
        }
        print("correlate: \(correlateTime) for \(report?.results.count ?? 0) tests; effect ×2: \(effectTime)")
        #expect(report?.results.allSatisfy { $0.permP != nil } == true)
    }
}

/// The byte-count kernel and the double kernel agree on every shift, including lags past the wrap point.
@Suite struct AnalysisKernelTests {
    @Test func byteCountsMatchDoubleSums() {
        let count = 200
        var generator = SplitMix64(seed: 7)
        let present = (0..<count).map { _ in generator.next() % 10 == 0 ? 0.0 : 1.0 }
        let flareValues = present.map { $0 == 1 && generator.next() % 5 == 0 ? 1.0 : 0.0 }
        let flare = FlareArrays(present: present, flare: flareValues)
        let xPresent = (0..<count).map { _ in generator.next() % 20 != 0 }
        let x = (0..<count).map { _ in generator.next() % 3 == 0 ? 1.0 : 0.0 }
        let arrays = TriggerArrays(value: x, present: xPresent, centre: false)
        for shift in 0..<count {
            for lag in [0, 1, 3, 17, 150, 199, 200, 250] {
                let counts = arrays.counts(flare, shift: shift, lag: lag)
                let sums = arrays.sums(flare, shift: shift, lag: lag)
                var (n, a, x1) = (0, 0, 0)
                for t in lag..<max(lag, count) {
                    let j = ((t - lag - shift) % count + count) % count
                    guard xPresent[j], present[t] == 1 else { continue }
                    n += 1
                    if x[j] == 1 { x1 += 1 }
                    if x[j] == 1 && flareValues[t] == 1 { a += 1 }
                }
                #expect(counts.n == n && counts.x1 == x1 && counts.a == a, "shift \(shift) lag \(lag)")
                #expect(sums.sx == Double(x1) && sums.sx1 == Double(a), "shift \(shift) lag \(lag)")
            }
        }
    }
}

/// Values with a tiny spread around a large mean take the exact path and still give |r|; a constant pairing
/// is undefined even though its centred sum of squares is rounding noise.
@Suite struct AnalysisTinySpreadTests {
    @Test func tinySpreadAndConstantPairings() throws {
        let count = 40
        let present = [Double](repeating: 1, count: count)
        let flareValues = (0..<count).map { $0 % 3 == 0 ? 1.0 : 0.0 }
        let flare = FlareArrays(present: present, flare: flareValues)
        let tiny = (0..<count).map { 1e9 + ($0 % 3 == 0 ? 1e-6 : 0) }
        let arrays = TriggerArrays(value: tiny, present: [Bool](repeating: true, count: count), centre: true)
        let statistic = try #require(arrays.numericStatistic(flare, shift: 0, lag: 0))
        #expect(abs(statistic - 1) < 1e-6)
        let constant = TriggerArrays(
            value: [Double](repeating: 0.1, count: count), present: [Bool](repeating: true, count: count),
            centre: false)
        #expect(constant.numericStatistic(flare, shift: 5, lag: 1) == nil)
    }
}
