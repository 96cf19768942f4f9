/// One item's daily value in a summary.
public struct SummaryValue: Sendable, Equatable {
    public let kind: ItemKind
    public let name: String
    public let valueType: ValueType
    public let unit: String?
    public let value: Double

    /// "yes"/"no" for yes/no items, else the number and unit.
    public var text: String {
        valueType == .boolean ? (value != 0 ? "yes" : "no") : ValueText.number(value) + (unit.map { " \($0)" } ?? "")
    }
}

/// One day of a summary: its score, whether it was a flare day, and its items' daily values.
public struct SummaryDay: Sendable, Equatable {
    public let day: LocalDay
    /// The worst symptom's daily value; nil when no symptom was logged.
    public let score: Double?
    public let flare: Bool
    /// Triggers and interventions of the day (or the `--item` items), in catalog order.
    public let items: [SummaryValue]
}

/// A symptom's mean daily value in the period and in the period before.
public struct SymptomAverage: Sendable, Equatable {
    public let name: String
    /// A better-when-higher rating (mood) improves when its mean rises.
    public let direction: Direction
    public let mean: Double?
    public let days: Int
    public let previousMean: Double?
    public let previousDays: Int
}

/// What `flarelog summary` shows: the last days, how they compare with the days before, and the findings.
public struct Summary: Sendable {
    public let from: LocalDay
    public let to: LocalDay
    public let previousFrom: LocalDay
    public let previousTo: LocalDay
    public let threshold: Double
    /// When a day is a flare day, in words ("worst symptom at or above 7 or a logged flare").
    public let flareRule: String
    /// The `--item` names (as stored), nil for "every trigger and intervention".
    public let selectedItems: [String]?
    /// One per day, oldest first.
    public let days: [SummaryDay]
    public let symptoms: [SymptomAverage]
    public let flareDays: Int
    public let previousFlareDays: Int
    /// The window `correlate` ran over for the findings: every entry up to `to`.
    public let analysisFrom: LocalDay?
    public let analysisTo: LocalDay?
    /// At most three findings (permutation q < 0.05), one per trigger (its strongest lag), strongest first.
    public let findings: [CorrelationResult]
    /// Where the entries are, when the shown days have none but the database has some.
    public let dataElsewhere: DaySpan?
    /// While a trial runs, what it asks for today (the line of `trial today`).
    public let trial: String?
    /// The latest assessment of each instrument up to the last day shown.
    public let latestAssessments: [Assessment]

    /// The strongest findings of a report: permutation q, then q, then p; one per trigger.
    public static func strongestFindings(_ report: CorrelationReport, limit: Int = 3) -> [CorrelationResult] {
        let findings = report.results.filter { AnalysisNarrative.strength($0) == .finding }
            .sorted { lhs, rhs in
                let left = (lhs.permQ ?? 1, lhs.q ?? 1, lhs.p ?? 1)
                let right = (rhs.permQ ?? 1, rhs.q ?? 1, rhs.p ?? 1)
                return left != right ? left < right : (lhs.trigger, lhs.lag) < (rhs.trigger, rhs.lag)
            }
        var seen = Set<String>()
        return Array(findings.filter { seen.insert($0.trigger).inserted }.prefix(limit))
    }
}

extension Database {
    /// The summary of the `days` days ending on `today`.
    ///
    /// `items` (names in any case, any kind) restricts each day's values to those items.
    /// - Throws: `FlareError` for an unknown item or an unreadable database.
    public func summary(days: Int, today: LocalDay, items names: [String] = [], threshold: Double = 7) throws
        -> Summary
    {
        guard days >= 1 else { throw FlareError.usage("--days must be at least 1") }
        let from = today - (days - 1)
        let previousFrom = from - days
        return try read {
            let catalog = try items(includeArchived: true).map(\.item)
            var selected: [Item]?
            if !names.isEmpty {
                var chosen: [Item] = []
                for name in names {
                    let matches = try ItemKind.allCases.compactMap { try existingItem($0, named: name) }
                    guard !matches.isEmpty else {
                        let wanted = Self.normalizedName(name)
                        let close = NameSuggestions.closest(to: wanted, among: catalog.map(\.name))
                        let hint =
                            close.isEmpty
                            ? "" : "did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "? "
                        throw FlareError.badData("no item named '\(wanted)'; \(hint)'flarelog items' lists them")
                    }
                    chosen += matches
                }
                var seen = Set<Int64>()
                selected = chosen.filter { seen.insert($0.id).inserted }
            }
            let data = try dailyData(since: previousFrom, until: today)
            let scores: DayScores
            do throws(AnalysisError) { scores = try DayScores(data, threshold: threshold) } catch {
                throw FlareError(error)
            }
            // Catalog order: triggers, then interventions, each by name.
            let columns = selected ?? catalog.filter { $0.kind != .symptom }
            var series: [(Item, [LocalDay: Double])] = []
            for item in columns {
                let values = data.dailyValues.first { $0.key.kind == item.kind && $0.key.name == item.name }?.value
                if let values { series.append((item, values)) } else if selected != nil { series.append((item, [:])) }
            }
            let dayRows = (0..<days).map { offset in
                let day = from + offset
                let values = series.compactMap { item, values in
                    values[day].map {
                        SummaryValue(
                            kind: item.kind, name: item.name, valueType: item.valueType, unit: item.unit, value: $0)
                    }
                }
                return SummaryDay(
                    day: day, score: scores.scores[day], flare: scores.flareDays.contains(day), items: values)
            }

            var averages: [SymptomAverage] = []
            for (item, values) in data.dailyValues where item.kind == .symptom {
                let now = values.filter { $0.key >= from }.map(\.value)
                let before = values.filter { $0.key < from }.map(\.value)
                func mean(_ list: [Double]) -> Double? { list.isEmpty ? nil : list.reduce(0, +) / Double(list.count) }
                averages.append(
                    SymptomAverage(
                        name: item.name, direction: item.direction, mean: mean(now), days: now.count,
                        previousMean: mean(before),
                        previousDays: before.count))
            }
            averages.sort { ($1.days, $0.name) < ($0.days, $1.name) }

            let report: CorrelationReport
            do {
                report = try FlareKit.correlate(
                    try dailyData(since: nil, until: today), CorrelateOptions(threshold: threshold))
            } catch let error as AnalysisError {
                throw FlareError(error)
            }
            return Summary(
                from: from, to: today, previousFrom: previousFrom, previousTo: from - 1, threshold: threshold,
                flareRule: scores.flareRule,
                selectedItems: selected?.map(\.name), days: dayRows, symptoms: averages,
                flareDays: scores.flareDays.filter { $0 >= from }.count,
                previousFlareDays: scores.flareDays.filter { $0 < from }.count,
                analysisFrom: report.windowFrom, analysisTo: report.windowTo,
                findings: Summary.strongestFindings(report),
                dataElsewhere: data.observedDays.contains { $0 >= from } ? nil : try entrySpan(),
                trial: try currentTrial(today: today).flatMap {
                    $0.status(today: today) == .running ? TrialNarrative.today($0, today: today) : nil
                },
                latestAssessments: try Instrument.allCases.compactMap { try assessments($0, until: today).last })
        }
    }
}

extension Summary {
    /// The documented JSON document of `flarelog summary --format json`.
    public var json: JSONValue {
        func period(_ from: LocalDay, _ to: LocalDay) -> JSONValue {
            var object = JSONObject()
            object["from"] = .string(from.description)
            object["to"] = .string(to.description)
            object["days"] = .int(to - from + 1)
            return .object(object)
        }
        var document = JSONObject()
        document["period"] = period(from, to)
        document["previous_period"] = period(previousFrom, previousTo)
        document["outcome"] = .string("any symptom")
        document["threshold"] = .number(threshold)
        document["flare_rule"] = .string(flareRule)
        document["items"] = selectedItems.map { .array($0.map { .string($0) }) } ?? .null
        document["days"] = .array(
            days.map { day in
                var object = JSONObject()
                object["day"] = .string(day.day.description)
                object["score"] = .number(day.score)
                object["flare"] = .bool(day.flare)
                object["items"] = .array(
                    day.items.map { value in
                        var item = JSONObject()
                        item["kind"] = .string(value.kind.rawValue)
                        item["name"] = .string(value.name)
                        item["value"] = .number(value.value)
                        item["unit"] = .string(value.unit)
                        item["text"] = .string(value.text)
                        return .object(item)
                    })
                return .object(object)
            })
        document["symptoms"] = .array(
            symptoms.map { symptom in
                var object = JSONObject()
                object["name"] = .string(symptom.name)
                object["direction"] = .string(symptom.direction.rawValue)
                object["mean"] = .number(symptom.mean)
                object["days"] = .int(symptom.days)
                object["previous_mean"] = .number(symptom.previousMean)
                object["previous_days"] = .int(symptom.previousDays)
                return .object(object)
            })
        document["data_elsewhere"] =
            dataElsewhere.map {
                var span = JSONObject()
                span["from"] = .string($0.start.description)
                span["to"] = .string($0.end.description)
                span["text"] = .string($0.whereTheDataIs)
                return .object(span)
            } ?? .null
        document["flare_days"] = .int(flareDays)
        document["previous_flare_days"] = .int(previousFlareDays)
        document["trial"] = .string(trial)
        document["assessments"] = .array(
            latestAssessments.map { assessment in
                var object = JSONObject()
                object["instrument"] = .string(assessment.instrument.rawValue)
                object["local_day"] = .string(assessment.localDay.description)
                object["score"] = .number(assessment.score)
                object["band"] = .string(assessment.result.band)
                return .object(object)
            })
        var analysis = JSONObject()
        analysis["window"] = CorrelationReport.window(analysisFrom, analysisTo)
        analysis["findings"] = .array(
            findings.map { result in
                guard case .object(var object) = result.json else { return result.json }
                object["text"] = .string(AnalysisNarrative.line(result))
                return .object(object)
            })
        analysis["caution"] = .string(AnalysisNarrative.caution)
        document["analysis"] = .object(analysis)
        return .object(document)
    }
}
