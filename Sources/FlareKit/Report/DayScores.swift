/// The daily outcome score and flare days of a window, exactly as `correlate` sees them with the
/// default outcome: the score is the highest of all symptoms' daily values, and a day is a flare day
/// when a logged flare episode covers it or its score reaches the threshold.
public struct DayScores: Sendable {
    /// The worst symptom's daily value, on the days with a symptom entry.
    public let scores: [LocalDay: Double]
    /// Days covered by a logged flare episode.
    public let episodeDays: Set<LocalDay>
    /// Episode days plus days whose score reaches the threshold.
    public let flareDays: Set<LocalDay>

    public init(_ data: DailyData, threshold: Double) {
        var scores: [LocalDay: Double] = [:]
        for (item, values) in data.dailyValues where item.kind == .symptom {
            for (day, value) in values { scores[day] = Swift.max(scores[day] ?? -.infinity, value) }
        }
        self.scores = scores
        episodeDays = data.flareEntryDays
        flareDays = data.flareEntryDays.union(scores.filter { $0.value >= threshold }.keys)
    }
}
