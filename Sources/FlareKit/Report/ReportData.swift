import SQLite

/// A flare episode clipped to a report's period, by local days (both inclusive).
public struct DaySpan: Sendable, Equatable {
    public let start: LocalDay
    public let end: LocalDay

    public init(start: LocalDay, end: LocalDay) {
        self.start = start
        self.end = end
    }
}

extension Database {
    /// The first and last local day with a live entry, or nil when there is none: where the data is when a
    /// period shows nothing (an imported 2020 history under today's default window).
    public func entrySpan() throws -> DaySpan? {
        try read {
            let days = try connection.firstRow(
                "SELECT min(local_day), max(local_day) FROM entry WHERE deleted_at IS NULL", []
            ) { ($0.column(0, as: String?.self), $0.column(1, as: String?.self)) }
            guard let first = days?.0.flatMap(LocalDay.init), let last = days?.1.flatMap(LocalDay.init) else {
                return nil
            }
            return DaySpan(start: first, end: last)
        }
    }
}

extension DaySpan {
    /// "your entries run from 2020-09-22 to 2021-07-28; to see them: flarelog report --since … --until …".
    public var whereTheDataIs: String {
        "your entries run from \(start) to \(end); to see them: flarelog report --since \(start) --until \(end)"
    }
}

/// One symptom's daily values (its daily aggregate) and how many entries it has in the period.
public struct SymptomSeries: Sendable, Equatable {
    public let name: String
    public let entries: Int
    public let values: [LocalDay: Double]

    public init(name: String, entries: Int, values: [LocalDay: Double]) {
        self.name = name
        self.entries = entries
        self.values = values
    }
}

/// A body region and the number of days a symptom entry named it.
public struct RegionCount: Sendable, Equatable {
    public let region: String
    public let days: Int

    public init(region: String, days: Int) {
        self.region = region
        self.days = days
    }
}

/// A note attached to an entry on a flare day.
public struct ReportNote: Sendable, Equatable {
    public let day: LocalDay
    public let kind: ItemKind
    public let item: String
    public let value: String
    public let note: String
}

/// Everything `flarelog report` shows about one period, read from one snapshot of the database.
public struct ReportData: Sendable {
    public let from: LocalDay
    public let to: LocalDay
    public let threshold: Double
    /// Days in the period with at least one entry or a logged flare.
    public let daysObserved: Int
    /// Live entries in the period.
    public let entryCount: Int
    public let scores: DayScores
    /// Logged flare episodes that overlap the period, clipped to it, oldest first.
    public let episodes: [DaySpan]
    /// The most-logged worse-when-higher symptoms (at most three), most entries first: a mood rating is not
    /// plotted as a symptom.
    public let symptoms: [SymptomSeries]
    /// Body regions named by symptom entries, most days first.
    public let regions: [RegionCount]
    /// `correlate` over the period with the default outcome, threshold and lags.
    public let correlation: CorrelationReport
    /// `effect` of every intervention with entries in the period, by name.
    public let effects: [EffectReport]
    /// Notes of entries on flare days, oldest first.
    public let notes: [ReportNote]
    /// The period's notes (`flarelog note`, imported text), oldest first: shown, never analysed.
    public let dayNotes: [Note]
    /// Where the entries are, when the period has none but the database has some.
    public let dataElsewhere: DaySpan?
    /// The trials whose days meet the period, each analysed through the end of the period (or its own).
    public let trials: [(trial: StoredTrial, analysis: TrialAnalysis)]
    /// The clinical assessments of the period, one trend per instrument.
    public let assessments: [AssessmentTrend]

    /// Days in the period.
    public var calendarDays: Int { to - from + 1 }
}

extension Database {
    /// Gathers a report of the local days `from`…`to` (inclusive).
    ///
    /// - Throws: `FlareError` when the period is backwards or the database cannot be read.
    public func reportData(from: LocalDay, to: LocalDay, threshold: Double = 7) throws -> ReportData {
        guard from <= to else { throw FlareError.usage("the period starts (\(from)) after it ends (\(to))") }
        return try read {
            let window: [(any SQLBindable)?] = [from.description, to.description]
            let data = try dailyData(since: from, until: to)
            let scores: DayScores
            do throws(AnalysisError) { scores = try DayScores(data, threshold: threshold) } catch {
                throw FlareError(error)
            }
            let entryCount =
                try connection.scalar(
                    "SELECT count(*) FROM entry WHERE deleted_at IS NULL AND local_day BETWEEN ?1 AND ?2", window,
                    as: Int.self) ?? 0

            var episodes: [DaySpan] = []
            for (start, end) in try connection.rows(
                Self.flareRangesSQL, [],
                { ($0.column(0, as: String.self), $0.column(1, as: String?.self)) })
            {
                guard let start = LocalDay(start) else { continue }
                let last = end.flatMap { LocalDay($0) } ?? start
                guard last >= from, start <= to else { continue }
                episodes.append(DaySpan(start: Swift.max(start, from), end: Swift.min(Swift.max(last, start), to)))
            }
            episodes.sort { $0.start < $1.start }

            let counts = try connection.rows(
                """
                SELECT name, count(*) FROM entry JOIN item ON item.id = entry.item_id
                WHERE deleted_at IS NULL AND kind = 'symptom' AND direction = 'worse-when-higher'
                  AND local_day BETWEEN ?1 AND ?2
                GROUP BY item.id ORDER BY count(*) DESC, name LIMIT 3
                """, window
            ) { ($0.column(0, as: String.self), $0.column(1, as: Int.self)) }
            let symptoms = counts.map { name, entries in
                let values = data.dailyValues.first { $0.key.kind == .symptom && $0.key.name == name }?.value ?? [:]
                return SymptomSeries(name: name, entries: entries, values: values)
            }

            let regions = try connection.rows(
                """
                SELECT region, count(DISTINCT local_day) FROM entry_region JOIN entry ON entry.id = entry_region.entry_id
                JOIN item ON item.id = entry.item_id
                WHERE deleted_at IS NULL AND kind = 'symptom' AND local_day BETWEEN ?1 AND ?2
                GROUP BY region ORDER BY 2 DESC, region
                """, window
            ) { RegionCount(region: $0.column(0), days: $0.column(1)) }

            let notes = try connection.rows(
                """
                SELECT local_day, kind, name, value, value_type, unit, note FROM entry JOIN item ON item.id = entry.item_id
                WHERE deleted_at IS NULL AND note IS NOT NULL AND note <> '' AND local_day BETWEEN ?1 AND ?2
                ORDER BY occurred_at, entry.id
                """, window
            ) { row -> ReportNote? in
                guard let day = LocalDay(row.column(0, as: String.self)),
                    let kind = ItemKind(rawValue: row.column(1)), scores.flareDays.contains(day)
                else { return nil }
                let value: Double = row.column(3)
                let unit: String? = row.column(5)
                let text =
                    row.column(4, as: String.self) == ValueType.boolean.rawValue
                    ? (value != 0 ? "yes" : "no") : ValueText.number(value) + (unit.map { " \($0)" } ?? "")
                return ReportNote(day: day, kind: kind, item: row.column(2), value: text, note: row.column(6))
            }.compactMap { $0 }

            let correlation: CorrelationReport
            var effects: [EffectReport] = []
            do throws(AnalysisError) {
                correlation = try FlareKit.correlate(data, CorrelateOptions(threshold: threshold))
                let interventions = data.dailyValues.keys.filter { $0.kind == .intervention }.map(\.name)
                for name in interventions.sorted(by: { $0.lowercased() < $1.lowercased() }) {
                    effects.append(try FlareKit.effect(data, intervention: name, outcome: nil))
                }
            } catch {
                throw FlareError(error)
            }
            return ReportData(
                from: from, to: to, threshold: threshold, daysObserved: data.observedDays.count,
                entryCount: entryCount, scores: scores, episodes: episodes, symptoms: symptoms, regions: regions,
                correlation: correlation, effects: effects, notes: notes,
                dayNotes: try self.notes(since: from, until: to, limit: nil).reversed(),
                dataElsewhere: entryCount == 0 ? try entrySpan() : nil,
                trials: try trials().filter { $0.plan.start <= to && $0.lastDay >= from }.map {
                    ($0, try analyze($0, today: to))
                },
                assessments: try assessmentTrends(from: from, to: to))
        }
    }
}
