// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
/// The result of `effect` (§5): scores the day after intervention days vs after other observed days.
public struct EffectReport: Hashable, Sendable {
    public let intervention: String
    /// The outcome symptom or rating, nil for "any symptom".
    public let outcome: String?
    /// How the outcome is scored; medians and means are of its badness (max + min − value when better when
    /// higher), so a lower score is better for every outcome.
    public let scoring: Outcome
    public let lag: Int
    public let daysObserved: Int
    public let calendarDays: Int
    public let windowFrom: LocalDay?
    public let windowTo: LocalDay?
    public let status: TestStatus
    public let reason: InsufficientReason?
    public let nWith: Int
    public let nWithout: Int
    public internal(set) var u: Double?
    public internal(set) var p: Double?
    public internal(set) var rankBiserial: Double?
    public internal(set) var medianWith: Double?
    public internal(set) var medianWithout: Double?
    public internal(set) var meanWith: Double?
    public internal(set) var meanWithout: Double?
    public internal(set) var permP: Double?
}

/// Runs `effect` (§5) for the intervention `intervention` on already windowed daily data.
///
/// - Throws: `AnalysisError` when the intervention names no intervention item or the outcome no symptom item.
public func effect(_ data: DailyData, intervention: String, outcome: String?) throws(AnalysisError) -> EffectReport {
    let interventions = data.catalog.filter { $0.kind == .intervention && $0.name == intervention }
    guard !interventions.isEmpty else {
        throw .unknownIntervention(intervention, knownInterventions: knownNames(data, kind: .intervention))
    }
    // Effect has no threshold; the score is the same badness as correlate's, so lower is better for any outcome.
    let scores = try DayScores(data, outcome: outcome, threshold: .infinity)
    let calendar = AnalysisCalendar(data: data, scores: scores)
    let count = calendar.count
    // I[d]: 0 missing (unobserved), 1 for "without", 2 for "with".
    var indicator = calendar.observed.map { UInt8($0 ? 1 : 0) }
    for item in interventions {
        for (day, value) in data.dailyValues[item] ?? [:] where value > 0 {
            if let index = calendar.index(of: day) { indicator[index] = 2 }
        }
    }
    var with: [Double] = []
    var without: [Double] = []
    for t in stride(from: 1, to: count, by: 1) where indicator[t - 1] != 0 && calendar.hasScore[t] {
        if indicator[t - 1] == 2 {
            with.append(calendar.score[t])
        } else {
            without.append(calendar.score[t])
        }
    }
    let reason: InsufficientReason? =
        if with.count < 5 {
            .tooFewWith
        } else if without.count < 5 {
            .tooFewWithout
        } else if (with + without).allSatisfy({ $0 == with[0] }) {
            .constantOutcome
        } else {
            nil
        }
    var report = EffectReport(
        intervention: intervention, outcome: outcome, scoring: scores.outcome, lag: 1,
        daysObserved: calendar.observedCount,
        calendarDays: count, windowFrom: calendar.first, windowTo: calendar.last,
        status: reason == nil ? .ok : .insufficient, reason: reason, nWith: with.count, nWithout: without.count)
    guard reason == nil else { return report }

    let n1 = Double(with.count)
    let n2 = Double(without.count)
    let all = with + without
    let ranks = averageRanks(all)
    let rankSum = ranks[0..<with.count].reduce(0, +)
    let u1 = rankSum - n1 * (n1 + 1) / 2
    let u2 = n1 * n2 - u1
    var tieTerm = 0.0
    for size in tieGroupSizes(all) { tieTerm += size * size * size - size }
    let n = n1 + n2
    let sigma = (n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
    let z = (max(u1, u2) - n1 * n2 / 2 - 0.5) / sigma
    report.u = u1
    report.p = min(1, SpecialFunctions.normalTwoSidedTail(z))
    report.rankBiserial = 2 * u1 / (n1 * n2) - 1
    report.medianWith = median(with)
    report.medianWithout = median(without)
    report.meanWith = mean(with)
    report.meanWithout = mean(without)
    if let shifts = calendar.permutationShifts {
        let kernel = RankBiserialKernel(indicator: indicator, hasScore: calendar.hasScore, score: calendar.score)
        report.permP = permutationPValue(shifts: shifts) { kernel.statistic(shift: $0) }
    }
    return report
}

/// Sizes of the groups of equal values.
private func tieGroupSizes(_ values: [Double]) -> [Double] {
    let sorted = values.sorted()
    var sizes: [Double] = []
    var start = 0
    while start < sorted.count {
        var end = start + 1
        while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
        sizes.append(Double(end - start))
        start = end
    }
    return sizes
}

/// |rank-biserial| of a shifted pairing (§5) without re-ranking: the days with a score are sorted once, and
/// for each shift U1 = Σ over tie groups of with·(without below) + ½·with·without, which equals
/// R1 − n1(n1+1)/2 with average ranks.
private struct RankBiserialKernel {
    let indicator: [UInt8]
    /// Days t ≥ 1 with a score, sorted by score.
    let days: [Int]
    /// End (exclusive) of each tie group in `days`.
    let groupEnds: [Int]

    init(indicator: [UInt8], hasScore: [Bool], score: [Double]) {
        self.indicator = indicator
        let days = stride(from: 1, to: score.count, by: 1).filter { hasScore[$0] }.sorted { score[$0] < score[$1] }
        var ends: [Int] = []
        for position in days.indices
        where position + 1 == days.count || score[days[position + 1]] != score[days[position]] {
            ends.append(position + 1)
        }
        self.days = days
        groupEnds = ends
    }

    func statistic(shift s: Int) -> Double? {
        let count = indicator.count
        var n1 = 0.0
        var n2 = 0.0
        var u1 = 0.0
        var start = 0
        for end in groupEnds {
            var with = 0.0
            var without = 0.0
            for position in start..<end {
                var j = days[position] - 1 - s
                if j < 0 { j += count }
                switch indicator[j] {
                case 2: with += 1
                case 1: without += 1
                default: break
                }
            }
            u1 += with * n2 + 0.5 * with * without
            n1 += with
            n2 += without
            start = end
        }
        guard n1 > 0, n2 > 0 else { return nil }
        return abs(2 * u1 / (n1 * n2) - 1)
    }
}
