import FoundationEssentials
import SQLite

/// Something a person records: a symptom, a trigger or an intervention, with how its values read.
public struct Item: Sendable, Equatable {
    public let id: Int64
    public let kind: ItemKind
    public let name: String
    public let valueType: ValueType
    public let unit: String?
    public let min: Double?
    public let max: Double?
    public let aggregate: Aggregate
    public let builtin: Bool
    public let createdAt: String
    public let archivedAt: String?
    public let direction: Direction

    /// The columns `Item(row:)` reads, in order.
    static let columns =
        "item.id, kind, name, value_type, unit, min, max, aggregate, builtin, item.created_at, archived_at, direction"
    /// How many columns `columns` names, so that a query can read its own columns after them.
    static let columnCount: Int32 = 12

    init(row: Statement) throws {
        id = row.column(0)
        kind = try Self.decode(ItemKind.self, row.column(1))
        name = row.column(2)
        valueType = try Self.decode(ValueType.self, row.column(3))
        unit = row.column(4)
        min = row.column(5)
        max = row.column(6)
        aggregate = try Self.decode(Aggregate.self, row.column(7))
        builtin = row.column(8)
        createdAt = row.column(9)
        archivedAt = row.column(10)
        direction = try Self.decode(Direction.self, row.column(11))
    }

    private static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw FlareError(.badData, "the database holds an unknown \(T.self) '\(raw)'; run 'flarelog check'")
        }
        return value
    }

    /// The allowed values in words, e.g. "0 to 10", "yes or no", "0 or more mg".
    public var allowedRange: String {
        if valueType == .boolean { return "yes or no (1 or 0)" }
        let unitText = unit.map { " \($0)" } ?? ""
        switch (min, max) {
        case (let low?, let high?): return "\(ValueText.number(low)) to \(ValueText.number(high))\(unitText)"
        case (let low?, nil): return "\(ValueText.number(low)) or more\(unitText)"
        case (nil, let high?): return "at most \(ValueText.number(high))\(unitText)"
        case (nil, nil): return "any number\(unitText)"
        }
    }

    /// Checks that `value` may be recorded for this item.
    /// - Throws: `FlareError.badData` naming the allowed range.
    public func validate(_ value: Double) throws {
        guard value.isFinite else {
            throw FlareError.badData("\(ValueText.number(value)) is not a number \(name) can take; use \(allowedRange)")
        }
        let inRange: Bool
        if valueType == .boolean {
            inRange = value == 0 || value == 1
        } else {
            inRange = (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
        }
        guard inRange else {
            throw FlareError.badData("\(ValueText.exact(value)) is out of range for \(name); use \(allowedRange)")
        }
    }

    /// Reads a value typed on the command line: a number, or for yes/no items yes/no/true/false/1/0.
    /// - Throws: `FlareError.badData` naming the allowed values.
    public func parseValue(_ text: String) throws -> Double {
        let trimmed = text.trimmed().lowercased()
        if valueType == .boolean {
            switch trimmed {
            case "yes", "y", "true", "1": return 1
            case "no", "n", "false", "0": return 0
            default: throw FlareError.usage("'\(text)' is not yes or no; \(name) takes yes/no/true/false/1/0")
            }
        }
        // "nan" and "inf" get through to validate(), which says why they are refused.
        guard let value = ValueText.read(trimmed) else {
            throw FlareError.usage("'\(text)' is not a number; \(name) takes \(allowedRange)")
        }
        try validate(value)
        return value
    }
}

/// An item with how often and when it was last used, for `flarelog items`.
public struct ItemUsage: Sendable, Equatable {
    public let item: Item
    public let entryCount: Int
    /// The most recent `occurred_at` of a live entry, if any.
    public let lastUsed: String?

    public init(item: Item, entryCount: Int, lastUsed: String?) {
        self.item = item
        self.entryCount = entryCount
        self.lastUsed = lastUsed
    }
}
