// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 2×2 table of a boolean trigger (§4.4): a = (x=1, f=1), b = (x=1, f=0), c = (x=0, f=1), d = (x=0, f=0).
public struct ContingencyTable: Hashable, Sendable {
    public let a: Int
    public let b: Int
    public let c: Int
    public let d: Int
}

/// One test of `correlate` (§4.8): trigger × lag. Statistics not applicable to the test are nil.
public struct CorrelationResult: Hashable, Sendable {
    public let trigger: String
    public let kind: ItemKind
    public let valueType: ValueType
    public let lag: Int
    public let n: Int
    public let flareN: Int
    public let status: TestStatus
    public let reason: InsufficientReason?
    public internal(set) var r: Double?
    public internal(set) var p: Double?
    public internal(set) var q: Double?
    public internal(set) var rho: Double?
    public internal(set) var rhoP: Double?
    public internal(set) var rhoN: Int?
    public internal(set) var meanOnFlare: Double?
    public internal(set) var meanOffFlare: Double?
    public internal(set) var meanDiff: Double?
    public internal(set) var rr: Double?
    public internal(set) var oddsRatio: Double?
    /// The Woolf 95% interval of the odds ratio: (lower, upper).
    public internal(set) var oddsRatioCI: [Double]?
    public internal(set) var table: ContingencyTable?
    public internal(set) var permP: Double?
    public internal(set) var permQ: Double?
}

/// The result of `correlate` (§4.8).
public struct CorrelationReport: Hashable, Sendable {
    /// The outcome symptom or rating, nil for "any symptom".
    public let outcome: String?
    /// The outcome's direction: a better-when-higher rating is scored as badness (max + min − value).
    public let direction: Direction
    /// When a day is a flare day, in words: "mood at or below 3 or a logged flare".
    public let flareRule: String
    public let threshold: Double
    public let daysObserved: Int
    public let calendarDays: Int
    public let flareDays: Int
    public let nonflareDays: Int
    /// First and last observed day (nil when nothing is observed).
    public let windowFrom: LocalDay?
    public let windowTo: LocalDay?
    /// In the order of §4.7.
    public let results: [CorrelationResult]
}

/// Runs `correlate` (§4) on already windowed daily data.
///
/// - Throws: `AnalysisError` when the threshold is not finite, a lag is negative or too large, or the
///   outcome names no symptom item.
public func correlate(_ data: DailyData, _ options: CorrelateOptions) throws(AnalysisError) -> CorrelationReport {
    guard options.threshold.isFinite else { throw .nonFiniteThreshold(options.threshold) }
    if let bad = options.lags.first(where: { $0 < 0 || $0 > CorrelateOptions.maximumLag }) {
        throw .invalidLags(String(bad), why: bad < 0 ? "lags cannot be negative" : "the lag is too large")
    }
    let scores = try DayScores(data, outcome: options.outcome, threshold: options.threshold)
    let calendar = AnalysisCalendar(data: data, scores: scores)
    let count = calendar.count

    // Flare status F[d] (§3) as 1/0 masks.
    let flarePresent = calendar.flarePresent.map { $0 ? 1.0 : 0 }
    let isFlare = calendar.isFlare.map { $0 ? 1.0 : 0 }
    let flare = FlareArrays(present: flarePresent, flare: isFlare)
    let flareDays = Int(isFlare.reduce(0, +))
    let nonflareDays = Int(flarePresent.reduce(0, +)) - flareDays
    let shifts = calendar.permutationShifts

    let triggers = data.dailyValues.filter { $0.key.kind == .trigger && !$0.value.isEmpty }
        .sorted { scalarOrder($0.key.name, $1.key.name) }
    var okResults: [CorrelationResult] = []
    var insufficient: [CorrelationResult] = []
    for (item, values) in triggers {
        let isBoolean = item.valueType == .boolean
        let series =
            isBoolean ? calendar.indicatorSeries(values) { $0 == 1 } : calendar.valueSeries(values)
        let arrays = TriggerArrays(value: series.value, present: series.present, centre: !isBoolean)
        for lag in options.lags {
            var xs: [Double] = []
            var fs: [Double] = []
            var scores: [Double?] = []
            if lag < count {
                for t in lag..<count where series.present[t - lag] && flarePresent[t] != 0 {
                    xs.append(series.value[t - lag])
                    fs.append(isFlare[t])
                    scores.append(calendar.hasScore[t] ? calendar.score[t] : nil)
                }
            }
            let n = xs.count
            let flareN = Int(fs.reduce(0, +))
            let reason: InsufficientReason? =
                if n < 14 {
                    .tooFewPairs
                } else if flareN < 3 {
                    .tooFewFlareDays
                } else if n - flareN < 3 {
                    .tooFewNonflareDays
                } else if xs.allSatisfy({ $0 == xs[0] }) {
                    .constantTrigger
                } else {
                    nil
                }
            var result = CorrelationResult(
                trigger: item.name, kind: item.kind, valueType: item.valueType, lag: lag, n: n, flareN: flareN,
                status: reason == nil ? .ok : .insufficient, reason: reason)
            guard reason == nil else {
                insufficient.append(result)
                continue
            }
            if isBoolean {
                fillBoolean(&result, xs: xs, fs: fs)
            } else {
                fillNumeric(&result, xs: xs, fs: fs, scores: scores)
            }
            if let shifts {
                result.permP = permutationPValue(shifts: shifts) { shift in
                    isBoolean
                        ? arrays.booleanStatistic(flare, shift: shift, lag: lag)
                        : arrays.numericStatistic(flare, shift: shift, lag: lag)
                }
            }
            okResults.append(result)
        }
    }

    let q = benjaminiHochberg(okResults.map { $0.p ?? 1 })
    for index in okResults.indices { okResults[index].q = q[index] }
    let permuted = okResults.indices.filter { okResults[$0].permP != nil }
    let permQ = benjaminiHochberg(permuted.map { okResults[$0].permP ?? 1 })
    for (position, index) in permuted.enumerated() { okResults[index].permQ = permQ[position] }

    okResults.sort { lhs, rhs in
        let (lq, rq, lp, rp) = (lhs.q ?? 1, rhs.q ?? 1, lhs.p ?? 1, rhs.p ?? 1)
        if lq != rq { return lq < rq }
        if lp != rp { return lp < rp }
        if lhs.trigger != rhs.trigger { return scalarOrder(lhs.trigger, rhs.trigger) }
        return lhs.lag < rhs.lag
    }
    insufficient.sort { lhs, rhs in
        if lhs.trigger != rhs.trigger { return scalarOrder(lhs.trigger, rhs.trigger) }
        return lhs.lag < rhs.lag
    }
    return CorrelationReport(
        outcome: options.outcome, direction: scores.outcome.direction, flareRule: scores.flareRule,
        threshold: options.threshold, daysObserved: calendar.observedCount,
        calendarDays: count, flareDays: flareDays, nonflareDays: nonflareDays, windowFrom: calendar.first,
        windowTo: calendar.last, results: okResults + insufficient)
}

/// §4.3: point-biserial r, its p, flare/non-flare means and Spearman ρ on the pairs with a score.
private func fillNumeric(_ result: inout CorrelationResult, xs: [Double], fs: [Double], scores: [Double?]) {
    let r = pearson(xs, fs) ?? 0
    result.r = r
    result.p = SpecialFunctions.correlationPValue(r: r, n: xs.count)
    let on = xs.indices.filter { fs[$0] == 1 }.map { xs[$0] }
    let off = xs.indices.filter { fs[$0] == 0 }.map { xs[$0] }
    let meanOn = mean(on)
    let meanOff = mean(off)
    result.meanOnFlare = meanOn
    result.meanOffFlare = meanOff
    result.meanDiff = meanOn - meanOff
    var rankX: [Double] = []
    var rankS: [Double] = []
    for (x, score) in zip(xs, scores) {
        guard let score else { continue }
        rankX.append(x)
        rankS.append(score)
    }
    result.rhoN = rankX.count
    if rankX.count >= 3, !rankX.allSatisfy({ $0 == rankX[0] }), !rankS.allSatisfy({ $0 == rankS[0] }),
        let rho = pearson(averageRanks(rankX), averageRanks(rankS))
    {
        result.rho = rho
        result.rhoP = SpecialFunctions.correlationPValue(r: rho, n: rankX.count)
    }
}

/// §4.4: the 2×2 table, Haldane-Anscombe-corrected RR/OR/Woolf CI when a cell is 0, Fisher's exact p.
private func fillBoolean(_ result: inout CorrelationResult, xs: [Double], fs: [Double]) {
    var a = 0
    var b = 0
    var c = 0
    var d = 0
    for (x, f) in zip(xs, fs) {
        switch (x == 1, f == 1) {
        case (true, true): a += 1
        case (true, false): b += 1
        case (false, true): c += 1
        case (false, false): d += 1
        }
    }
    result.table = ContingencyTable(a: a, b: b, c: c, d: d)
    let correction = a == 0 || b == 0 || c == 0 || d == 0 ? 0.5 : 0
    let (ca, cb, cc, cd) = (
        Double(a) + correction, Double(b) + correction, Double(c) + correction, Double(d) + correction
    )
    result.rr = (ca / (ca + cb)) / (cc / (cc + cd))
    let oddsRatio = (ca * cd) / (cb * cc)
    result.oddsRatio = oddsRatio
    let z = 1.959963984540054
    let se = (1 / ca + 1 / cb + 1 / cc + 1 / cd).squareRoot()
    result.oddsRatioCI = [exp(log(oddsRatio) - z * se), exp(log(oddsRatio) + z * se)]
    result.p = SpecialFunctions.fisherExactTwoSided(a: a, b: b, c: c, d: d)
}

extension CorrelationResult {
    init(
        trigger: String, kind: ItemKind, valueType: ValueType, lag: Int, n: Int, flareN: Int, status: TestStatus,
        reason: InsufficientReason?
    ) {
        self.trigger = trigger
        self.kind = kind
        self.valueType = valueType
        self.lag = lag
        self.n = n
        self.flareN = flareN
        self.status = status
        self.reason = reason
    }
}
