/// One instrument's assessments in a report: what its section shows.
public struct AssessmentTrend: Sendable, Equatable {
    public let instrument: Instrument
    /// The assessments of the report's period, oldest first (at least one).
    public let inPeriod: [Assessment]
    /// The one before the latest, which may lie before the period; nil for a first assessment.
    public let previous: Assessment?

    public var latest: Assessment { inPeriod[inPeriod.count - 1] }

    /// Latest minus previous score.
    public var change: Double? { previous.map { latest.score - $0.score } }

    /// The change as a share of the previous score (-0.3 is a 30% drop); nil without a previous non-zero score.
    public var relativeChange: Double? {
        guard let previous, previous.score != 0 else { return nil }
        return (latest.score - previous.score) / previous.score
    }
}

extension Database {
    /// Each instrument assessed in `from`…`to`, with its assessments of the period and the one before the latest.
    public func assessmentTrends(from: LocalDay, to: LocalDay) throws -> [AssessmentTrend] {
        try Instrument.allCases.compactMap { instrument in
            let upToEnd = try assessments(instrument, until: to)
            let inPeriod = upToEnd.filter { $0.localDay >= from }
            guard !inPeriod.isEmpty else { return nil }
            return AssessmentTrend(
                instrument: instrument, inPeriod: inPeriod,
                previous: upToEnd.count >= 2 ? upToEnd[upToEnd.count - 2] : nil)
        }
    }
}
