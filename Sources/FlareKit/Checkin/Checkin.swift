import FoundationEssentials
import SQLite

/// One question of `flarelog checkin`: an item, and what was recorded for it the day before.
public struct CheckinQuestion: Sendable, Equatable {
    public let item: Item
    /// The day before's value, combined with the item's daily aggregate (a symptom's worst); nil when none.
    public let yesterday: Double?
}

/// What a person typed at a check-in question.
public enum CheckinReply: Sendable, Equatable {
    /// Enter: the answer stays as it is (on a first visit: not today, nothing stored).
    case keep
    /// `-`: not today, clearing an answer given before.
    case clear
    /// A value to store: typed, or the day before's (`=`).
    case value(Double)
    /// `?`: what the question means and which keys work.
    case explain
    /// `b`: the question before.
    case back
    /// `q`: no more questions; what is answered is kept.
    case quit

    /// Reads `text` as a reply to `question`.
    /// - Throws: `FlareError` for a value the item cannot take, or `=` with nothing the day before; the question
    ///   is asked again.
    public init(_ text: String, to question: CheckinQuestion) throws {
        switch text.trimmed().lowercased() {
        case "": self = .keep
        case "-": self = .clear
        case "?", "h", "help": self = .explain
        case "b", "back": self = .back
        case "q", "quit": self = .quit
        case "=":
            guard let yesterday = question.yesterday else {
                throw FlareError.badData("nothing was logged for \(question.item.name) the day before; type a value")
            }
            self = .value(yesterday)
        default: self = .value(try question.item.parseValue(text))
        }
    }
}

extension SettingKey {
    /// The items of `checkin`, as `config set checkin` stores them: names (or `kind:name`), comma-separated,
    /// each in the stored form of a name; empty for the default (the items in regular use).
    static func checkinNames(_ text: String) -> [String] {
        text.split(separator: ",").map { name in
            let typed = ItemValue(parsing: String(name))
            return ItemValue(kind: typed.kind, name: Database.normalizedName(typed.name)).typed
        }.filter { !ItemValue(parsing: $0).name.isEmpty }
    }
}

extension Database {
    /// How many of the 30 days up to the check-in day an item must have been logged on to be asked about.
    public static let checkinMinimumDays = 3

    /// The questions of a check-in for `day`: the items `config set checkin` lists, in its order, else the live
    /// items logged on at least 3 of the 30 days ending on `day`, in catalog order (kind, then the order the
    /// items were added: the built-in catalog first).
    /// - Throws: `FlareError.badData` when a listed item no longer exists (renamed or never added).
    public func checkinQuestions(for day: LocalDay) throws -> [CheckinQuestion] {
        try read {
            let listed = SettingKey.checkinNames(try setting(.checkin))
            let items =
                listed.isEmpty
                ? try connection.rows(
                    """
                    SELECT \(Item.columns) FROM item JOIN entry ON entry.item_id = item.id
                    WHERE entry.deleted_at IS NULL AND item.archived_at IS NULL AND entry.local_day BETWEEN ? AND ?
                    GROUP BY item.id HAVING count(DISTINCT entry.local_day) >= ?
                    ORDER BY CASE kind WHEN 'symptom' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, item.id
                    """, [(day - 29).description, day.description, Self.checkinMinimumDays]
                ) { try Item(row: $0) }
                : try listed.map { name in
                    do {
                        return try item(for: ItemValue(parsing: name))
                    } catch let error as FlareError {
                        throw FlareError.badData(
                            "the checkin list names '\(name)': \(error.message) (or change the list: flarelog config "
                                + "set checkin \"NAME, NAME, …\")")
                    }
                }
            return try items.map { CheckinQuestion(item: $0, yesterday: try dailyValue(of: $0, on: day - 1)) }
        }
    }

    /// The item's value on `day` as the analysis sees it: its entries combined with the item's aggregate.
    func dailyValue(of item: Item, on day: LocalDay) throws -> Double? {
        let combined: String
        switch item.aggregate {
        case .max, .any: combined = "max(value)"
        case .mean: combined = "avg(value)"
        case .sum: combined = "sum(value)"
        }
        // An aggregate over no rows is one row holding NULL: read as an optional, or it would be 0.
        return try connection.scalar(
            "SELECT \(combined) FROM entry WHERE item_id = ? AND local_day = ? AND deleted_at IS NULL",
            [item.id, day.description], as: Double?.self) ?? nil
    }
}
