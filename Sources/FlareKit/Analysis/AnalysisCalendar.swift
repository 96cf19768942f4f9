// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
/// The calendar of §3 for one outcome: observed days, scores and flare status (from `DayScores`, the one
/// rule), indexed by `day − first`.
struct AnalysisCalendar {
    let first: LocalDay?
    let last: LocalDay?
    /// D, the number of calendar days from the first to the last observed day (0 when nothing is observed).
    let count: Int
    let observed: [Bool]
    let hasScore: [Bool]
    let score: [Double]
    let observedCount: Int

    /// Whether the day has a flare status (a logged flare or a score), and whether it is a flare day.
    let flarePresent: [Bool]
    let isFlare: [Bool]

    init(data: DailyData, scores: DayScores) {
        guard let first = data.observedDays.min(), let last = data.observedDays.max() else {
            self.first = nil
            self.last = nil
            count = 0
            observed = []
            hasScore = []
            score = []
            flarePresent = []
            isFlare = []
            observedCount = 0
            return
        }
        self.first = first
        self.last = last
        let count = last - first + 1
        self.count = count
        var observed = [Bool](repeating: false, count: count)
        for day in data.observedDays { observed[day - first] = true }
        var hasScore = [Bool](repeating: false, count: count)
        var score = [Double](repeating: 0, count: count)
        for (day, value) in scores.scores {
            score[day - first] = value
            hasScore[day - first] = true
        }
        var flarePresent = hasScore
        var isFlare = [Bool](repeating: false, count: count)
        for day in scores.flareDays {
            flarePresent[day - first] = true
            isFlare[day - first] = true
        }
        self.observed = observed
        self.hasScore = hasScore
        self.score = score
        self.flarePresent = flarePresent
        self.isFlare = isFlare
        observedCount = data.observedDays.count
    }

    func index(of day: LocalDay) -> Int? {
        guard let first else { return nil }
        let index = day - first
        return index >= 0 && index < count ? index : nil
    }

    /// The series of an item on the calendar: its daily values (present only on its days).
    func valueSeries(_ values: [LocalDay: Double]) -> (value: [Double], present: [Bool]) {
        var value = [Double](repeating: 0, count: count)
        var present = [Bool](repeating: false, count: count)
        for (day, dailyValue) in values {
            guard let index = index(of: day) else { continue }
            value[index] = dailyValue
            present[index] = true
        }
        return (value, present)
    }

    /// An indicator series: 1 where `isOne` holds for the daily value, 0 on every other observed day.
    func indicatorSeries(_ values: [LocalDay: Double], isOne: (Double) -> Bool) -> (value: [Double], present: [Bool]) {
        var value = [Double](repeating: 0, count: count)
        for (day, dailyValue) in values where isOne(dailyValue) {
            guard let index = index(of: day) else { continue }
            value[index] = 1
        }
        return (value, observed)
    }

    /// The permutation shifts of §4.6, or nil when D < 28.
    var permutationShifts: [Int]? {
        guard count >= 28 else { return nil }
        let span = count - 14
        let shiftCount = min(999, span)
        return (0..<shiftCount).map { 7 + $0 * span / shiftCount }
    }
}

/// Items of `kind` known to the data (catalog and daily values), by name.
func knownNames(_ data: DailyData, kind: ItemKind) -> [String] {
    Array(Set(data.catalog.filter { $0.kind == kind }.map(\.name))).sorted(by: scalarOrder)
}

/// String order by Unicode scalar values (§4.7), unlike `String.<` which compares canonical equivalents.
func scalarOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
}

/// Benjamini-Hochberg q-values (§4.5): equal p-values get equal q-values whatever their order.
func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    guard m > 0 else { return [] }
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var q = [Double](repeating: 0, count: m)
    var running = 1.0
    for rank in stride(from: m, through: 1, by: -1) {
        let index = order[rank - 1]
        running = min(running, min(1, pValues[index] * Double(m) / Double(rank)))
        q[index] = running
    }
    return q
}

/// 1-based average ranks (ties get the mean of the ranks they span).
func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start + 1
        while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
        let rank = Double(start + 1 + end) / 2
        for position in start..<end { ranks[order[position]] = rank }
        start = end
    }
    return ranks
}

/// Two-pass Pearson correlation (§6), clipped to [−1, 1]; nil when either side is constant.
func pearson(_ x: [Double], _ y: [Double]) -> Double? {
    let n = Double(x.count)
    guard x.count >= 2 else { return nil }
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in x.indices {
        let dx = x[i] - meanX
        let dy = y[i] - meanY
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
}

/// Mean of the two middle values for even sizes.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
