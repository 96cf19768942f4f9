import FoundationEssentials
import SQLite

/// One item as typed in `flarelog log "widespread pain=7" fatigue=6 "poor posture"`: `NAME`, `NAME=VALUE`,
/// or `KIND:NAME=VALUE` when the name exists in several kinds.
public struct ItemValue: Sendable, Equatable {
    /// The kind named before a colon, when one was.
    public var kind: ItemKind?
    public var name: String
    /// The text after the last `=` (a name holds no `=`, a value never does); nil when there was none.
    public var value: String?

    public init(kind: ItemKind? = nil, name: String, value: String? = nil) {
        self.kind = kind
        self.name = name
        self.value = value
    }

    /// Reads one typed word. A colon picks a kind only after a kind's name (`symptom:stress`), so a name such as
    /// `b12: dose` stays a name.
    public init(parsing text: String) {
        var rest = Substring(text)
        if let equals = rest.lastIndex(of: "=") {
            value = String(rest[rest.index(after: equals)...])
            rest = rest[..<equals]
        }
        if let colon = rest.firstIndex(of: ":"),
            let kind = ItemKind(rawValue: String(rest[..<colon]).trimmed().lowercased())
        {
            self.kind = kind
            rest = rest[rest.index(after: colon)...]
        }
        name = String(rest)
    }

    /// How the person would type it back: `symptom:stress=5`.
    public var typed: String {
        (kind.map { "\($0.rawValue):" } ?? "") + name + (value.map { "=\($0)" } ?? "")
    }
}

extension Database {
    /// Every item called `name` (any case, archived or not), at most one per kind, in kind order.
    public func items(named name: String) throws -> [Item] {
        let wanted = Self.normalizedName(name)
        let found = try connection.rows(
            "SELECT \(Item.columns) FROM item WHERE name = ? COLLATE NOCASE", [wanted]
        ) { try Item(row: $0) }
        return ItemKind.allCases.compactMap { kind in found.first { $0.kind == kind } }
    }

    /// The item `typed` names: of its kind when it gives one, else of the only kind that has the name.
    /// - Throws: `FlareError.badData` for an unknown name (with the closest names of every kind) and for a
    ///   name several kinds have (naming them and how to pick one).
    public func item(for typed: ItemValue) throws -> Item {
        if let kind = typed.kind { return try item(kind, named: typed.name) }
        let matches = try items(named: typed.name)
        let wanted = Self.normalizedName(typed.name)
        switch matches.count {
        case 1: return matches[0]
        case 0:
            let candidates = try connection.rows(
                "SELECT name FROM item WHERE archived_at IS NULL ORDER BY name", []
            ) { $0.column(0, as: String.self) }
            let suggestions = NameSuggestions.closest(to: wanted, among: Array(Set(candidates)))
            var message = "no item named '\(wanted)'"
            if !suggestions.isEmpty {
                message += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
            }
            message +=
                (suggestions.isEmpty ? "." : "")
                + " To add it: flarelog items add KIND '\(wanted)' --type scale|quantity|boolean"
            throw FlareError.badData(message)
        default:
            let picks = matches.map { ItemValue(kind: $0.kind, name: $0.name, value: typed.value).typed }
            throw FlareError.badData(
                "'\(matches[0].name)' is a " + matches.map(\.kind.rawValue).joined(separator: " and a ")
                    + "; say which: " + picks.map { "'\($0)'" }.joined(separator: " or "))
        }
    }

    /// Records several entries, and a note when `note` is given, in one transaction: all of them or none.
    /// - Returns: the stored entries in the order given (one whose uid exists already is the stored one), and
    ///   the note.
    public func logAll(_ entries: [(entry: NewEntry, item: Item)], note: NewNote?, now: String) throws
        -> (entries: [Entry], note: Note?)
    {
        for (entry, item) in entries { try item.validate(entry.value) }
        return try write {
            let stored = try entries.map { try log($0.entry, of: $0.item, now: now).entry }
            guard let note else { return (stored, nil) }
            return (stored, try addNote(note.text, uid: note.uid, time: note.time, now: now).note)
        }
    }
}

/// A note to write along with entries (the day note of `checkin`, the `--note` of a several-item `log`).
public struct NewNote: Sendable {
    public var text: String
    public var uid: String
    public var time: EntryTime

    public init(text: String, uid: String, time: EntryTime) {
        self.text = text
        self.uid = uid
        self.time = time
    }
}
