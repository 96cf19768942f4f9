import FoundationEssentials

/// A small CSV file of another app, read whole: its header (trimmed, lowercased) and its rows.
struct ForeignTable {
    struct Row {
        let line: Int
        let fields: [String]
    }

    /// The header, trimmed and lowercased, for matching.
    let header: [String]
    /// The header as written (trimmed), for names.
    let originalHeader: [String]
    let rows: [Row]

    /// Reads the table, or records a problem and returns nil.
    init?(_ bytes: UnsafeRawBufferPointer, session: ImportSession) {
        var reader = CSVReader(bytes: bytes)
        var fields: [CSVReader.Field] = []
        var rows: [Row] = []
        do {
            guard try reader.next(into: &fields) else {
                session.problem(line: 1, column: "-", "the file is empty")
                return nil
            }
            originalHeader = fields.map { reader.string($0).trimmed() }
            header = originalHeader.map { $0.lowercased() }
            while try reader.next(into: &fields) {
                rows.append(Row(line: reader.recordLine, fields: fields.map { reader.string($0) }))
            }
        } catch {
            session.problem(line: error.line, column: String(error.field), error.reason)
            return nil
        }
        self.rows = rows
    }

    func index(of name: String) -> Int? { header.firstIndex(of: name) }

    /// The index of each `required` column, or nil after recording that the header lacks some ("is this a
    /// `app` export? check --from").
    func columns(_ required: [String], app: String, session: ImportSession) -> [String: Int]? {
        let missing = required.filter { index(of: $0) == nil }
        guard missing.isEmpty else {
            session.problem(
                line: 1, column: missing.joined(separator: ", "),
                "missing from the header; is this a\(app.first.map { "AEIOU".contains($0) } == true ? "n" : "") "
                    + "\(app) export? check --from")
            return nil
        }
        return Dictionary(uniqueKeysWithValues: required.compactMap { name in index(of: name).map { (name, $0) } })
    }

    /// The field of `row` in column `index`, trimmed; "" when the row is short.
    static func field(_ row: Row, _ index: Int?) -> String {
        guard let index, index < row.fields.count else { return "" }
        return row.fields[index].trimmed()
    }
}

extension ImportSession {
    /// `definition`, renamed `Name (App)` when the catalog has an item of that name that reads differently:
    /// Visible's fatigue 0–3 is not the built-in fatigue 0–10, and a number must keep what it meant.
    func ownScale(_ definition: NewItem, app: String) throws -> NewItem {
        guard let existing = try existingItem(definition.kind, definition.name),
            existing.min != definition.min || existing.max != definition.max
                || existing.direction != definition.direction || existing.valueType != definition.valueType
        else { return definition }
        var own = definition
        own.name += " (\(app))"
        return own
    }
}

/// Readings shared by the foreign formats.
enum ForeignText {
    /// `2021-12-08`, `8th Dec 2021`, `8 December 2021` or `Dec 8, 2021`.
    static func day(_ text: String) -> LocalDay? {
        let trimmed = text.trimmed()
        if let day = LocalDay(trimmed) { return day }
        let words = trimmed.replacingEvery(",", with: " ").split(separator: " ").map(String.init)
        guard words.count == 3 else { return nil }
        func dayNumber(_ word: String) -> Int? {
            var digits = word.lowercased()
            for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) { digits.removeLast(2) }
            return Int(digits)
        }
        let (dayWord, monthWord) = month(words[1]) != nil ? (words[0], words[1]) : (words[1], words[0])
        guard let day = dayNumber(dayWord), let monthNumber = month(monthWord), let year = Int(words[2]) else {
            return nil
        }
        return LocalDay(year: year, month: monthNumber, day: day)
    }

    private static func month(_ word: String) -> Int? {
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let lower = word.lowercased().trimmed { $0 == "." }
        guard lower.count >= 3, let index = names.firstIndex(of: String(lower.prefix(3))) else { return nil }
        let full = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        guard lower.count == 3 || full[index] == lower || (index == 8 && lower == "sept") else { return nil }
        return index + 1
    }

    /// `H:MM` or `HH:MM` (24-hour) as minutes after midnight.
    static func clock(_ text: String) -> Int? {
        guard let day = DayStart(text) else { return nil }
        return day.minutes
    }

    /// `21:30`, `9:30 pm`, `10:00 PM` or `12:05 am` as minutes after midnight.
    static func clockWithMeridiem(_ text: String) -> Int? {
        let lower = text.trimmed().lowercased()
        for (suffix, offset) in [("am", 0), ("pm", 12 * 60)] where lower.hasSuffix(suffix) {
            guard let minutes = clock(String(lower.dropLast(2)).trimmed()), minutes >= 60, minutes < 13 * 60 else {
                return nil
            }
            // 12:xx am is just after midnight, 12:xx pm just after noon.
            return minutes % (12 * 60) + offset
        }
        return clock(lower)
    }

    /// `Name (inside)` split into `Name` and `inside`; nil inside when there are no closing brackets.
    static func splitParenthetical(_ text: String) -> (name: String, inside: String?) {
        let trimmed = text.trimmed()
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return (trimmed, nil) }
        let name = trimmed[..<open].trimmed()
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        return (name, inside.trimmed())
    }

    /// A finite number (a decimal comma is read as a point).
    static func number(_ text: String) -> Double? {
        let trimmed = text.trimmed().replacingEvery(",", with: ".")
        guard let value = ValueText.read(trimmed), value.isFinite else { return nil }
        return value
    }

    /// A 0–4 severity (Bearable 1–4, Flaredown 0–4) on flarelog's 0–10 scale: linear, ×2.5, so the top of
    /// both scales is 10 and "moderate" (2) is the middle, 5.
    static func severity(_ value: Double) -> Double { value * 2.5 }
}
