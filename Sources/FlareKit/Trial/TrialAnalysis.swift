/// One block of an analysed trial: the analysed days of its A and B periods and the difference of their means.
public struct TrialBlockResult: Sendable, Equatable {
    public let index: Int
    /// The analysed part (after the washout) of the A and the B period.
    public let aFrom: LocalDay
    public let aTo: LocalDay
    public let bFrom: LocalDay
    public let bTo: LocalDay
    /// Analysed days with an outcome value in each period.
    public let nA: Int
    public let nB: Int
    /// Mean badness (the outcome's daily score, higher is worse) in each period.
    public let meanA: Double?
    public let meanB: Double?
    /// meanB − meanA: positive when the outcome was better with A.
    public let d: Double?
    /// Whether both periods have at least `TrialAnalysis.minimumDays` valued days.
    public let included: Bool
    /// Adherence: analysed A days with no entry of the intervention, analysed B days with one.
    public let aDaysWithout: Int
    public let bDaysWith: Int
}

/// Why a trial's statistics could not be computed.
public enum TrialInsufficientReason: String, Sendable {
    /// Fewer than two blocks have enough valued days in both periods.
    case tooFewBlocks = "too_few_blocks"
    /// Every included block has the same difference, so the spread is 0 and t is undefined.
    case identicalDifferences = "identical_differences"
}

/// The analysis of a single-patient trial (docs/analysis.md, "Single-patient trials"). Statistics are nil
/// when `status` is insufficient (and the autocorrelation also when it is undefined).
public struct TrialAnalysis: Sendable, Equatable {
    public let plan: TrialPlan
    /// The last day analysed: the planned end, or the day the trial was stopped.
    public let through: LocalDay
    public let scoring: Outcome
    public let blocks: [TrialBlockResult]
    public let status: TestStatus
    public let reason: TrialInsufficientReason?
    /// Included blocks.
    public let k: Int
    public internal(set) var meanDifference: Double?
    public internal(set) var sd: Double?
    public internal(set) var t: Double?
    public internal(set) var df: Int?
    public internal(set) var pT: Double?
    public internal(set) var ci95: [Double]?
    public internal(set) var pRandomization: Double?
    public internal(set) var autocorrelationLag1: Double?
    public internal(set) var pBetter: Double?
    public internal(set) var pBetterBy1: Double?
    public internal(set) var pBetterBy30Percent: Double?
    /// Mean of the included blocks' B means: the reference of "better by 30%".
    public internal(set) var meanB: Double?
    public let aDaysWithout: Int
    public let bDaysWith: Int
    public let analysedDays: Int

    /// A period needs this many days with a value for its block to be included.
    public static let minimumDays = 3
    /// Above this lag-1 autocorrelation of the residuals the days are far from independent.
    public static let autocorrelationCaution = 0.3
    /// Above this share of analysed days off plan the comparison is diluted.
    public static let adherenceCaution = 0.2
    /// Tolerance for ties in the randomisation distribution (as §4.6).
    static let tieTolerance = 1e-12

    /// The share of analysed days where what was logged disagrees with the plan; nil without analysed days.
    public var offPlanShare: Double? {
        analysedDays == 0 ? nil : Double(aDaysWithout + bDaysWith) / Double(analysedDays)
    }
}

/// Analyses `plan` on already windowed daily data, through `through` (inclusive).
///
/// The daily outcome is `DayScores`' score, the same badness `correlate` and `effect` use; the intervention
/// counts as taken on a day when its daily value is > 0, as in `effect`.
/// - Throws: `AnalysisError.unknownOutcome` when the outcome names no symptom or rating.
public func analyzeTrial(_ data: DailyData, plan: TrialPlan, through: LocalDay) throws(AnalysisError)
    -> TrialAnalysis
{
    let scores = try DayScores(data, outcome: plan.outcome, threshold: .infinity)
    var taken = Set<LocalDay>()
    for (item, days) in data.dailyValues where item.kind == .intervention && item.name == plan.intervention {
        for (day, value) in days where value > 0 { taken.insert(day) }
    }
    let periods = plan.periods
    var blocks: [TrialBlockResult] = []
    var residualByDay: [LocalDay: Double] = [:]
    var analysedDays = 0
    for block in 0..<plan.blocks {
        let pair = [periods[2 * block], periods[2 * block + 1]]
        let a = pair.first { $0.arm == .a }!
        let b = pair.first { $0.arm == .b }!
        func analysed(_ period: TrialPeriod) -> [(LocalDay, Double)] {
            (0...(period.to - period.analysedFrom)).compactMap { offset in
                let day = period.analysedFrom + offset
                guard day <= through, let score = scores.scores[day] else { return nil }
                return (day, score)
            }
        }
        let daysA = analysed(a)
        let daysB = analysed(b)
        analysedDays += daysA.count + daysB.count
        let meanA = daysA.isEmpty ? nil : mean(daysA.map(\.1))
        let meanB = daysB.isEmpty ? nil : mean(daysB.map(\.1))
        let included = daysA.count >= TrialAnalysis.minimumDays && daysB.count >= TrialAnalysis.minimumDays
        if included, let meanA, let meanB {
            for (day, score) in daysA { residualByDay[day] = score - meanA }
            for (day, score) in daysB { residualByDay[day] = score - meanB }
        }
        blocks.append(
            TrialBlockResult(
                index: block + 1, aFrom: a.analysedFrom, aTo: a.to, bFrom: b.analysedFrom, bTo: b.to,
                nA: daysA.count, nB: daysB.count, meanA: meanA, meanB: meanB,
                d: meanA.flatMap { meanA in meanB.map { $0 - meanA } }, included: included,
                aDaysWithout: daysA.count(where: { !taken.contains($0.0) }),
                bDaysWith: daysB.count(where: { taken.contains($0.0) })))
    }
    let differences = blocks.filter(\.included).compactMap(\.d)
    let k = differences.count
    let reason: TrialInsufficientReason? =
        if k < 2 {
            .tooFewBlocks
        } else if differences.allSatisfy({ $0 == differences[0] }) {
            .identicalDifferences
        } else {
            nil
        }
    var analysis = TrialAnalysis(
        plan: plan, through: through, scoring: scores.outcome, blocks: blocks,
        status: reason == nil ? .ok : .insufficient, reason: reason, k: k,
        aDaysWithout: blocks.reduce(0) { $0 + $1.aDaysWithout }, bDaysWith: blocks.reduce(0) { $0 + $1.bDaysWith },
        analysedDays: analysedDays)
    analysis.autocorrelationLag1 = lagOneAutocorrelation(residualByDay)
    guard reason == nil else { return analysis }

    let n = Double(k)
    let meanDifference = mean(differences)
    let sd = (differences.reduce(0) { $0 + ($1 - meanDifference) * ($1 - meanDifference) } / (n - 1)).squareRoot()
    let standardError = sd / n.squareRoot()
    let df = Double(k - 1)
    let t = meanDifference / standardError
    let margin = SpecialFunctions.studentTQuantile(0.975, df: df) * standardError
    let meanB = mean(blocks.filter(\.included).compactMap(\.meanB))
    analysis.meanDifference = meanDifference
    analysis.sd = sd
    analysis.t = t
    analysis.df = k - 1
    analysis.pT = SpecialFunctions.studentTTwoSided(t, df: df)
    analysis.ci95 = [meanDifference - margin, meanDifference + margin]
    analysis.pRandomization = randomizationPValue(differences)
    // Flat prior, normal model: the posterior of the mean difference is t(k−1) centred on d̄ with scale s/√k.
    analysis.pBetter = SpecialFunctions.studentTCDF(meanDifference / standardError, df: df)
    analysis.pBetterBy1 = SpecialFunctions.studentTCDF((meanDifference - 1) / standardError, df: df)
    analysis.pBetterBy30Percent = SpecialFunctions.studentTCDF(
        (meanDifference - 0.3 * meanB) / standardError, df: df)
    analysis.meanB = meanB
    return analysis
}

/// The exact two-sided randomisation p: the share of the 2^k sign patterns (swapping A and B inside a block
/// flips the sign of its difference) whose |mean| is at least the observed |mean|, the observed one included.
///
/// Meet in the middle: the 2^(k/2) signed sums of each half are formed once, each directly from its terms, and
/// every pattern is one sum of a left and a right half, so 20 blocks cost 2^20 additions rather than 20 · 2^20.
func randomizationPValue(_ differences: [Double]) -> Double {
    func signedSums(_ terms: ArraySlice<Double>) -> [Double] {
        (0..<(1 << terms.count)).map { pattern in
            var sum = 0.0
            for (index, term) in terms.enumerated() { sum += pattern & (1 << index) == 0 ? term : -term }
            return sum
        }
    }
    let k = differences.count
    let half = k / 2
    let left = signedSums(differences[..<half])
    let right = signedSums(differences[half...])
    let threshold = abs(differences.reduce(0, +)) - TrialAnalysis.tieTolerance * Double(k)
    var count = 0
    for first in left {
        for second in right where abs(first + second) >= threshold { count += 1 }
    }
    return Double(count) / Double(1 << k)
}

/// Lag-1 autocorrelation of the residuals: Σ e_t·e_{t+1} over consecutive calendar days that both have one,
/// divided by Σ e_t² over all of them; nil when there is no such pair or no spread.
func lagOneAutocorrelation(_ residuals: [LocalDay: Double]) -> Double? {
    let days = residuals.keys.sorted()
    var numerator = 0.0
    var denominator = 0.0
    var pairs = 0
    for day in days {
        let residual = residuals[day]!
        denominator += residual * residual
        if let next = residuals[day + 1] {
            numerator += residual * next
            pairs += 1
        }
    }
    guard pairs > 0, denominator > 0 else { return nil }
    return numerator / denominator
}
