// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
/// The outcome whose daily score decides flare days (docs/analysis.md, "The score and its direction").
public struct Outcome: Hashable, Sendable {
    /// The outcome item's name; nil for "any symptom", the worst of the worse-when-higher symptoms.
    public let name: String?
    public let direction: Direction
    /// max + min of a better-when-higher outcome, so that badness = reflection − value stays in its range.
    let reflection: Double

    /// "any symptom", or the outcome's name.
    public var label: String { name ?? "any symptom" }

    /// The day's badness from the outcome's own daily value: higher is always worse.
    public func badness(_ value: Double) -> Double { direction == .betterWhenHigher ? reflection - value : value }

    /// The outcome's own value from a badness (the same reflection: it is its own inverse), for display.
    public func value(ofBadness badness: Double) -> Double { self.badness(badness) }

    /// The flare threshold on the outcome's own scale, in words: "any symptom at or above 7",
    /// "mood at or below 3" (badness ≥ t is value ≤ max + min − t).
    public func flareRule(threshold: Double) -> String {
        switch direction {
        case .worseWhenHigher: "\(label) at or above \(ValueText.number(threshold))"
        case .betterWhenHigher: "\(label) at or below \(ValueText.number(badness(threshold)))"
        }
    }

    /// The items whose daily values make the score (§3), after checking the outcome name (§7): every
    /// worse-when-higher symptom for "any symptom" (a mood or energy rating is not a symptom's severity), or
    /// the named symptom or rating in either direction.
    static func resolve(_ data: DailyData, name: String?) throws(AnalysisError) -> (Outcome, [AnalysisItem]) {
        let symptoms = data.catalog.filter { $0.kind == .symptom }
        guard let name else {
            let items = symptoms.filter { $0.direction == .worseWhenHigher }
            return (Outcome(name: nil, direction: .worseWhenHigher, reflection: 0), items)
        }
        let named = symptoms.filter { $0.name == name }
        guard let first = named.first else {
            throw .unknownOutcome(name, knownSymptoms: knownNames(data, kind: .symptom))
        }
        if first.direction == .betterWhenHigher {
            guard let low = first.min, let high = first.max else { throw .unboundedRating(name) }
            return (Outcome(name: name, direction: .betterWhenHigher, reflection: low + high), [first])
        }
        return (Outcome(name: name, direction: .worseWhenHigher, reflection: 0), named)
    }
}

/// The daily score and flare status of a window: the one rule that `correlate`, `effect`, `summary` and
/// `report` all use (§3). The score is the outcome's daily badness — the highest of the worse-when-higher
/// symptoms' daily values by default — and a day is a flare day when a logged flare episode covers it or its
/// score reaches the threshold.
public struct DayScores: Sendable {
    public let outcome: Outcome
    public let threshold: Double
    /// The outcome's badness, on the days with an entry of an outcome item.
    public let scores: [LocalDay: Double]
    /// Days covered by a logged flare episode.
    public let episodeDays: Set<LocalDay>
    /// Episode days plus days whose score reaches the threshold.
    public let flareDays: Set<LocalDay>

    /// - Throws: `AnalysisError.unknownOutcome` when `outcome` names no symptom or rating.
    public init(_ data: DailyData, outcome name: String? = nil, threshold: Double) throws(AnalysisError) {
        let (outcome, items) = try Outcome.resolve(data, name: name)
        var scores: [LocalDay: Double] = [:]
        for item in items {
            for (day, value) in data.dailyValues[item] ?? [:] {
                scores[day] = Swift.max(scores[day] ?? -.infinity, outcome.badness(value))
            }
        }
        self.outcome = outcome
        self.threshold = threshold
        self.scores = scores
        episodeDays = data.flareEntryDays
        flareDays = data.flareEntryDays.union(scores.filter { $0.value >= threshold }.keys)
    }

    /// The flare rule in words: "mood at or below 3 or a logged flare".
    public var flareRule: String { outcome.flareRule(threshold: threshold) + " or a logged flare" }
}
