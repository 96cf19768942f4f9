// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
/// An item as the analysis sees it: identity (kind, name), how its entries become daily values, and which
/// way its scale reads (with the bounds that turn a better-when-higher rating into badness).
public struct AnalysisItem: Hashable, Sendable {
    public let kind: ItemKind
    public let name: String
    public let valueType: ValueType
    public let aggregate: Aggregate
    public let direction: Direction
    public let min: Double?
    public let max: Double?

    public init(
        kind: ItemKind, name: String, valueType: ValueType, aggregate: Aggregate,
        direction: Direction = .worseWhenHigher, min: Double? = nil, max: Double? = nil
    ) {
        self.kind = kind
        self.name = name
        self.valueType = valueType
        self.aggregate = aggregate
        self.direction = direction
        self.min = min
        self.max = max
    }

    /// The item with the defaults of §1.2 for an item that has entries but no metadata.
    public static func withDefaults(kind: ItemKind, name: String) -> AnalysisItem {
        switch kind {
        case .symptom: AnalysisItem(kind: kind, name: name, valueType: .scale, aggregate: .max)
        case .trigger: AnalysisItem(kind: kind, name: name, valueType: .scale, aggregate: .mean)
        case .intervention: AnalysisItem(kind: kind, name: name, valueType: .quantity, aggregate: .sum)
        }
    }

    /// The default aggregate for a metadata row whose aggregate is empty (§1.2).
    public static func defaultAggregate(kind: ItemKind, valueType: ValueType) -> Aggregate {
        switch valueType {
        case .boolean: .any
        case .quantity: .sum
        case .scale: kind == .symptom ? .max : .mean
        }
    }

    /// `boolean` goes with `any` and only with `any` (§1.2).
    public var isConsistent: Bool { (valueType == .boolean) == (aggregate == .any) }
}

/// One raw entry in the interchange form of §1.1; `kind` also admits `flare`.
public struct SpecEntry: Hashable, Sendable {
    public let occurredAt: String
    public let localDay: String
    public let kind: String
    public let name: String
    public let value: Double

    public init(occurredAt: String, localDay: String, kind: String, name: String, value: Double) {
        self.occurredAt = occurredAt
        self.localDay = localDay
        self.kind = kind
        self.name = name
        self.value = value
    }
}

/// The errors the analysis itself can detect (§7); each description says what to fix.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDay(String)
    case invalidLags(String, why: String)
    case nonFiniteThreshold(Double)
    case unknownOutcome(String, knownSymptoms: [String])
    case unboundedRating(String)
    case unknownIntervention(String, knownInterventions: [String])
    case unknownEntryKind(String)
    case nonFiniteValue(kind: String, name: String, day: String)
    case inconsistentMetadata(kind: ItemKind, name: String, valueType: ValueType, aggregate: Aggregate)
    case duplicateMetadata(kind: ItemKind, name: String)
    case malformedCSV(line: Int, why: String)

    public var description: String {
        func list(_ names: [String]) -> String {
            names.isEmpty ? "none" : names.map { "'\($0)'" }.joined(separator: ", ")
        }
        switch self {
        case .invalidDay(let text):
            return "invalid day '\(text)': expected a real date written YYYY-MM-DD"
        case .invalidLags(let text, let why):
            return "invalid lags '\(text)': \(why) (expected e.g. 0-3,7)"
        case .nonFiniteThreshold(let value):
            return "invalid threshold \(value): it must be a finite number"
        case .unknownOutcome(let name, let known):
            return "no symptom named '\(name)'; known symptoms: \(list(known))"
        case .unboundedRating(let name):
            return "the rating '\(name)' is better when higher but has no min and max to turn it into a score"
        case .unknownIntervention(let name, let known):
            return "no intervention named '\(name)'; known interventions: \(list(known))"
        case .unknownEntryKind(let kind):
            return "unknown entry kind '\(kind)': expected symptom, trigger, intervention or flare"
        case .nonFiniteValue(let kind, let name, let day):
            return "the \(kind) '\(name)' on \(day) has a value that is not a finite number"
        case .inconsistentMetadata(let kind, let name, let valueType, let aggregate):
            return
                "the \(kind.rawValue) '\(name)' is \(valueType.rawValue) with aggregate \(aggregate.rawValue): "
                + "boolean items must use 'any' and only boolean items may"
        case .duplicateMetadata(let kind, let name):
            return "the \(kind.rawValue) '\(name)' is described twice in the metadata"
        case .malformedCSV(let line, let why):
            return "CSV line \(line): \(why)"
        }
    }
}

/// Everything the analysis needs, already windowed (§1-§3).
///
/// `dailyValues` holds each item's daily values (§2) on the days it has entries; `flareEntryDays` the days
/// with at least one explicit flare entry; `observedDays` the days with any entry at all. The `catalog`
/// lists every known item, including items without (windowed) entries: `--outcome` and `effect NAME` are
/// checked against it (§7, window ignored). Items present in `dailyValues` count as known too, and days
/// present in `dailyValues` or `flareEntryDays` count as observed.
public struct DailyData: Sendable {
    public let catalog: [AnalysisItem]
    public let dailyValues: [AnalysisItem: [LocalDay: Double]]
    public let flareEntryDays: Set<LocalDay>
    public let observedDays: Set<LocalDay>

    public init(
        catalog: [AnalysisItem], dailyValues: [AnalysisItem: [LocalDay: Double]], flareEntryDays: Set<LocalDay>,
        observedDays: Set<LocalDay>
    ) {
        var known = Set(catalog)
        var allItems = catalog
        for item in dailyValues.keys.sorted(by: { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) })
        where !known.contains(item) {
            known.insert(item)
            allItems.append(item)
        }
        var observed = observedDays
        observed.formUnion(flareEntryDays)
        for days in dailyValues.values { observed.formUnion(days.keys) }
        self.catalog = allItems
        self.dailyValues = dailyValues
        self.flareEntryDays = flareEntryDays
        self.observedDays = observed
    }

    /// Builds the daily data from raw entries (§1-§2): validates every entry, applies the window,
    /// aggregates each item's entries per day and derives observed and flare-entry days.
    ///
    /// - Throws: `AnalysisError` for a bad day, an unknown kind, a non-finite value, or metadata that is
    ///   inconsistent or duplicated (§7).
    public static func aggregating(
        entries: [SpecEntry], metadata: [AnalysisItem], since: LocalDay?, until: LocalDay?
    ) throws(AnalysisError) -> DailyData {
        struct Key: Hashable {
            let kind: ItemKind
            let name: String
        }
        var byKey: [Key: AnalysisItem] = [:]
        var catalog: [AnalysisItem] = []
        for item in metadata {
            guard item.isConsistent else {
                throw .inconsistentMetadata(
                    kind: item.kind, name: item.name, valueType: item.valueType, aggregate: item.aggregate)
            }
            let key = Key(kind: item.kind, name: item.name)
            guard byKey[key] == nil else { throw .duplicateMetadata(kind: item.kind, name: item.name) }
            byKey[key] = item
            catalog.append(item)
        }
        struct Accumulator {
            var max = -Double.infinity
            var sum = 0.0
            var count = 0
            var anyPositive = false
        }
        var accumulators: [AnalysisItem: [LocalDay: Accumulator]] = [:]
        var flareDays = Set<LocalDay>()
        var observed = Set<LocalDay>()
        for entry in entries {
            guard let day = LocalDay(entry.localDay) else { throw .invalidDay(entry.localDay) }
            let kind: ItemKind?
            if entry.kind == "flare" {
                kind = nil
            } else if let itemKind = ItemKind(rawValue: entry.kind) {
                kind = itemKind
            } else {
                throw .unknownEntryKind(entry.kind)
            }
            guard entry.value.isFinite else {
                throw .nonFiniteValue(kind: entry.kind, name: entry.name, day: entry.localDay)
            }
            var item: AnalysisItem?
            if let kind {
                let key = Key(kind: kind, name: entry.name)
                if let known = byKey[key] {
                    item = known
                } else {
                    let made = AnalysisItem.withDefaults(kind: kind, name: entry.name)
                    byKey[key] = made
                    catalog.append(made)
                    item = made
                }
            }
            if let since, day < since { continue }
            if let until, day > until { continue }
            observed.insert(day)
            guard let item else {
                flareDays.insert(day)
                continue
            }
            var accumulator = accumulators[item, default: [:]][day, default: Accumulator()]
            accumulator.max = Swift.max(accumulator.max, entry.value)
            accumulator.sum += entry.value
            accumulator.count += 1
            accumulator.anyPositive = accumulator.anyPositive || entry.value > 0
            accumulators[item, default: [:]][day] = accumulator
        }
        var values: [AnalysisItem: [LocalDay: Double]] = [:]
        for (item, days) in accumulators {
            values[item] = days.mapValues { accumulator in
                switch item.aggregate {
                case .max: accumulator.max
                case .sum: accumulator.sum
                case .mean: accumulator.sum / Double(accumulator.count)
                case .any: accumulator.anyPositive ? 1 : 0
                }
            }
        }
        return DailyData(catalog: catalog, dailyValues: values, flareEntryDays: flareDays, observedDays: observed)
    }
}

/// Options of `correlate` (§4): outcome (nil = "any symptom"), flare threshold and lags.
public struct CorrelateOptions: Sendable, Equatable {
    public var outcome: String?
    public var threshold: Double
    /// Sorted, without duplicates.
    public private(set) var lags: [Int]

    public static let defaultLags = [0, 1, 2, 3]
    /// The largest lag accepted, two months: a trigger's effect further away is beyond what a daily diary can
    /// show, and `0-100000` ran for minutes in 180 MB (issue 13).
    public static let maximumLag = 60

    public init(outcome: String? = nil, threshold: Double = 7, lags: [Int] = CorrelateOptions.defaultLags) {
        self.outcome = outcome
        self.threshold = threshold
        self.lags = Array(Set(lags)).sorted()
    }

    /// Parses `--lags`: comma-separated non-negative integers and ranges `a-b` with `a ≤ b`.
    ///
    /// - Throws: `AnalysisError.invalidLags` when the text is malformed or a lag is negative.
    public static func parseLags(_ text: String) throws(AnalysisError) -> [Int] {
        func number(_ part: Substring) throws(AnalysisError) -> Int {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .invalidLags(text, why: "'\(part)' is not a non-negative whole number")
            }
            guard let value = Int(part), value <= maximumLag else {
                throw .invalidLags(text, why: "'\(part)' is larger than \(maximumLag) days")
            }
            return value
        }
        if text.hasPrefix("-") || text.contains(",-") {
            throw .invalidLags(text, why: "lags cannot be negative")
        }
        var lags = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            switch bounds.count {
            case 1:
                lags.insert(try number(bounds[0]))
            case 2:
                let low = try number(bounds[0])
                let high = try number(bounds[1])
                guard low <= high else { throw .invalidLags(text, why: "in '\(part)' the start is after the end") }
                lags.formUnion(low...high)
            default:
                throw .invalidLags(text, why: "'\(part)' is neither a lag nor a range a-b")
            }
        }
        return lags.sorted()
    }
}

/// Whether a test could be computed, and if not, why (fixed codes of §4.2 and §5).
public enum TestStatus: String, Sendable {
    case ok, insufficient
}

/// The fixed reason codes of §4.2 (correlate) and §5 (effect).
public enum InsufficientReason: String, Sendable {
    case tooFewPairs = "too_few_pairs"
    case tooFewFlareDays = "too_few_flare_days"
    case tooFewNonflareDays = "too_few_nonflare_days"
    case constantTrigger = "constant_trigger"
    case tooFewWith = "too_few_with"
    case tooFewWithout = "too_few_without"
    case constantOutcome = "constant_outcome"
}
