import FoundationEssentials
import SQLite

/// What `flarelog items add` needs to define an item.
public struct NewItem: Sendable {
    public var kind: ItemKind
    public var name: String
    public var valueType: ValueType
    public var unit: String?
    public var min: Double?
    public var max: Double?
    /// Nil takes the default: `any` for yes/no, `max` for symptoms (`mean` for a better-when-higher one),
    /// `sum` for quantities, else `mean`.
    public var aggregate: Aggregate?
    /// Better-when-higher only for a scale with both bounds (mood, energy), which the analysis can turn around.
    public var direction: Direction

    public init(
        kind: ItemKind, name: String, valueType: ValueType, unit: String? = nil, min: Double? = nil,
        max: Double? = nil, aggregate: Aggregate? = nil, direction: Direction = .worseWhenHigher
    ) {
        self.kind = kind
        self.name = name
        self.valueType = valueType
        self.unit = unit
        self.min = min
        self.max = max
        self.aggregate = aggregate
        self.direction = direction
    }

    /// The daily aggregate when none is given. A symptom's worst moment is its highest value, but a rating's
    /// highest is its best moment, so a rating's day is its mean.
    var defaultAggregate: Aggregate {
        switch (valueType, kind) {
        case (.boolean, _): return .any
        case (_, .symptom): return direction == .betterWhenHigher ? .mean : .max
        case (.quantity, _): return .sum
        case (.scale, _): return .mean
        }
    }
}

extension Database {
    /// Items with their entry counts and last use, ordered by kind then name.
    public func items(kind: ItemKind? = nil, includeArchived: Bool = false) throws -> [ItemUsage] {
        try read {
            try connection.rows(
                """
                SELECT \(Item.columns), count(entry.id), max(entry.occurred_at)
                FROM item LEFT JOIN entry ON entry.item_id = item.id AND entry.deleted_at IS NULL
                WHERE (?1 IS NULL OR kind = ?1) AND (?2 OR archived_at IS NULL)
                GROUP BY item.id
                ORDER BY CASE kind WHEN 'symptom' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, name COLLATE NOCASE
                """, [kind?.rawValue, includeArchived]
            ) { row in
                ItemUsage(
                    item: try Item(row: row), entryCount: row.column(Item.columnCount),
                    lastUsed: row.column(Item.columnCount + 1))
            }
        }
    }

    /// The item of `kind` called `name` (any case), archived or not.
    /// - Throws: `FlareError.badData` with the closest names and how to add the item.
    public func item(_ kind: ItemKind, named name: String) throws -> Item {
        if let found = try existingItem(kind, named: name) { return found }
        let wanted = Self.normalizedName(name)
        let candidates = try connection.rows(
            "SELECT name FROM item WHERE kind = ? AND archived_at IS NULL ORDER BY name", [kind.rawValue]
        ) { $0.column(0, as: String.self) }
        var message = "no \(kind.rawValue) named '\(wanted)'"
        let suggestions = NameSuggestions.closest(to: wanted, among: candidates)
        if !suggestions.isEmpty {
            message += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
        }
        message +=
            (suggestions.isEmpty ? "." : "")
            + " To add it: flarelog items add \(kind.rawValue) '\(wanted)' --type scale|quantity|boolean"
        throw FlareError.badData(message)
    }

    /// The item of `kind` called `name` (any case), archived or not; nil when there is none. A failure to read
    /// is an error, never "no such item".
    func existingItem(_ kind: ItemKind, named name: String) throws -> Item? {
        try connection.firstRow(
            "SELECT \(Item.columns) FROM item WHERE kind = ? AND name = ? COLLATE NOCASE",
            [kind.rawValue, Self.normalizedName(name)]
        ) { try Item(row: $0) }
    }

    /// The item called `name`, of `kind` when given, else of whichever kind has that name.
    /// - Throws: `FlareError.badData` when no kind has it, or several do.
    public func item(named name: String, kind: ItemKind?) throws -> Item {
        if let kind { return try item(kind, named: name) }
        let matches = try items(named: name)
        switch matches.count {
        case 1: return matches[0]
        case 0: throw FlareError.badData("no item named '\(Self.normalizedName(name))'; 'flarelog items' lists them")
        default:
            throw FlareError.badData(
                "'\(matches[0].name)' is a " + matches.map(\.kind.rawValue).joined(separator: " and a ")
                    + "; say which with --kind")
        }
    }

    /// Adds an item to the catalog.
    /// - Throws: `FlareError.badData` for a duplicate name (any case) or an inconsistent definition.
    @discardableResult
    public func addItem(_ new: NewItem, now: String) throws -> Item {
        let name = Self.normalizedName(new.name)
        guard !name.isEmpty else { throw FlareError.badData("an item needs a name") }
        try Self.refuseControlCharacters(name, "an item's name")
        if let unit = new.unit { try Self.refuseControlCharacters(unit, "a --unit") }
        let aggregate = new.aggregate ?? new.defaultAggregate
        guard (new.valueType == .boolean) == (aggregate == .any) else {
            throw FlareError.badData("the 'any' aggregate goes with --type boolean, and boolean items only take 'any'")
        }
        for bound in [new.min, new.max].compactMap({ $0 }) where !bound.isFinite {
            throw FlareError.badData("--min and --max must be finite numbers")
        }
        if let low = new.min, let high = new.max, low > high {
            throw FlareError.badData("--min \(ValueText.number(low)) is above --max \(ValueText.number(high))")
        }
        let (min, max) = new.valueType == .boolean ? (0.0, 1.0) : (new.min, new.max)
        if new.direction == .betterWhenHigher, new.valueType != .scale || min == nil || max == nil {
            throw FlareError.badData(
                "only a scale with --min and --max can be better when higher (a rating such as mood 0-10)")
        }
        return try write {
            if let existing = try existingItem(new.kind, named: name) {
                throw FlareError.badData("a \(new.kind.rawValue) named '\(existing.name)' already exists")
            }
            try connection.run(
                """
                INSERT INTO item (kind, name, value_type, unit, min, max, aggregate, builtin, created_at, direction)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """,
                [
                    new.kind.rawValue, name, new.valueType.rawValue, new.unit, min, max, aggregate.rawValue, now,
                    new.direction.rawValue,
                ])
            return try item(new.kind, named: name)
        }
    }

    /// Renames an item; its history follows it.
    @discardableResult
    public func renameItem(_ kind: ItemKind, from oldName: String, to newName: String) throws -> Item {
        let name = Self.normalizedName(newName)
        guard !name.isEmpty else { throw FlareError.badData("the new name is empty") }
        try Self.refuseControlCharacters(name, "an item's name")
        return try write {
            let current = try item(kind, named: oldName)
            if let clash = try existingItem(kind, named: name), clash.id != current.id {
                throw FlareError.badData("a \(kind.rawValue) named '\(clash.name)' already exists")
            }
            try connection.run("UPDATE item SET name = ? WHERE id = ?", [name, current.id])
            return try item(kind, named: name)
        }
    }

    /// Archives an item (or brings it back): it keeps its history but leaves suggestions and listings.
    @discardableResult
    public func archiveItem(_ kind: ItemKind, named name: String, archived: Bool = true, now: String) throws -> Item {
        try write {
            let current = try item(kind, named: name)
            try connection.run(
                "UPDATE item SET archived_at = ? WHERE id = ?",
                [archived ? (current.archivedAt ?? now) : nil, current.id])
            return try item(kind, named: current.name)
        }
    }

    /// Names are stored trimmed, with inner runs of white space folded to one space.
    /// Names are printed in one-line tables and messages: an escape sequence in one could rewrite the terminal.
    static func refuseControlCharacters(_ text: String, _ what: String) throws {
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FlareError.badData("\(what) cannot contain control characters")
        }
    }

    /// The form a name is stored and looked up in, so that names that look the same are one item: invisible
    /// format characters removed, Unicode NFC (composed `café` and `cafe` + U+0301 are the same bytes then),
    /// trimmed, and inner runs of white space folded to one space.
    static func normalizedName(_ name: String) -> String {
        let visible = ItemName.removingInvisibleFormatCharacters(name)
        // The standard library's own NFC, which String comparison uses: it needs neither ICU nor Foundation.
        let composed = String(decoding: visible._nfcCodeUnits, as: UTF8.self)
        return composed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
