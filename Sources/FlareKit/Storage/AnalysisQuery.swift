import SQLite

extension Database {
    /// The SQL that turns live entries into daily values: one pass over the covering index
    /// `entry_item_day_value`, one row per item and local day. `max`, `sum` and `count` are enough for
    /// every aggregate (mean = sum / count, any = max > 0), so each item's own rule is applied in Swift.
    public static let dailyValuesSQL = """
        SELECT item_id, local_day, max(value), sum(value), count(*)
        FROM entry
        WHERE deleted_at IS NULL AND (?1 IS NULL OR local_day >= ?1) AND (?2 IS NULL OR local_day <= ?2)
        GROUP BY item_id, local_day
        """

    /// The flare episodes, as local day ranges; an open one runs through the last day with any entry.
    public static let flareRangesSQL = """
        SELECT start_day, coalesce(end_day, max(start_day, (SELECT max(local_day) FROM entry WHERE deleted_at IS NULL)))
        FROM flare
        WHERE deleted_at IS NULL
        """

    /// Everything the analysis needs, read in one snapshot and already windowed (`since`/`until` inclusive).
    public func dailyData(since: LocalDay?, until: LocalDay?) throws -> DailyData {
        try read {
            let items = try connection.rows("SELECT \(Item.columns) FROM item ORDER BY id") { try Item(row: $0) }
            var byID: [Int64: AnalysisItem] = [:]
            var catalog: [AnalysisItem] = []
            for item in items {
                let analysisItem = AnalysisItem(
                    kind: item.kind, name: item.name, valueType: item.valueType, aggregate: item.aggregate,
                    direction: item.direction, min: item.min, max: item.max)
                byID[item.id] = analysisItem
                catalog.append(analysisItem)
            }
            var dailyValues: [AnalysisItem: [LocalDay: Double]] = [:]
            let statement = try connection.cachedStatement(Self.dailyValuesSQL)
            try statement.bind([since?.description, until?.description])
            while try statement.step() {
                guard let item = byID[statement.column(0)], let day = LocalDay(statement.column(1, as: String.self))
                else { throw FlareError(.badData, "an entry has a malformed day or item; run 'flarelog check'") }
                let maximum: Double = statement.column(2)
                let sum: Double = statement.column(3)
                let count: Double = statement.column(4)
                let value: Double
                switch item.aggregate {
                case .max: value = maximum
                case .sum: value = sum
                case .mean: value = sum / count
                case .any: value = maximum > 0 ? 1 : 0
                }
                dailyValues[item, default: [:]][day] = value
            }
            statement.reset()
            var flareDays = Set<LocalDay>()
            for (start, end) in try connection.rows(
                Self.flareRangesSQL, [],
                {
                    (LocalDay($0.column(0, as: String.self)), $0.column(1, as: String?.self).flatMap { LocalDay($0) })
                })
            {
                guard let start else { continue }
                let last = end ?? start
                for offset in 0...max(0, last - start) {
                    let day = start + offset
                    if let since, day < since { continue }
                    if let until, day > until { continue }
                    flareDays.insert(day)
                }
            }
            return DailyData(
                catalog: catalog, dailyValues: dailyValues, flareEntryDays: flareDays, observedDays: [])
        }
    }
}

extension FlareError {
    /// Malformed options are usage errors (64); everything else about the data is bad data (65).
    public init(_ error: AnalysisError) {
        switch error {
        case .invalidLags, .nonFiniteThreshold: self.init(.usage, error.description)
        default: self.init(.badData, error.description)
        }
    }
}

extension Database {
    /// `correlate` over the live entries of the window; `outcome` is a symptom's name in any case (nil: any symptom).
    public func correlate(outcome: String?, threshold: Double, lags: [Int], since: LocalDay?, until: LocalDay?)
        throws -> CorrelationReport
    {
        let outcomeName = try outcome.map { try item(.symptom, named: $0).name }
        let data = try dailyData(since: since, until: until)
        do {
            return try FlareKit.correlate(
                data, CorrelateOptions(outcome: outcomeName, threshold: threshold, lags: lags))
        } catch {
            throw FlareError(error)
        }
    }

    /// `effect` of an intervention (its name in any case) on the next day's score.
    public func effect(of intervention: String, outcome: String?, since: LocalDay?, until: LocalDay?) throws
        -> EffectReport
    {
        let interventionName = try item(.intervention, named: intervention).name
        let outcomeName = try outcome.map { try item(.symptom, named: $0).name }
        let data = try dailyData(since: since, until: until)
        do {
            return try FlareKit.effect(data, intervention: interventionName, outcome: outcomeName)
        } catch {
            throw FlareError(error)
        }
    }
}
