import FoundationEssentials

extension ImportSession {
    /// An entry read from another app: created and updated now, its uid derived from `uidParts`.
    func foreignEntry(
        _ uidParts: [String], kind: ItemKind, name: String, value: Double, day: LocalDay, minutes: Int,
        note: String?, definition: NewItem
    ) -> PendingEntry {
        let time = time(on: day, minutes: minutes)
        return PendingEntry(
            uid: StableUID.make(uidParts), kind: kind, itemName: Database.normalizedName(name), value: value,
            occurredAt: time.occurredAt, utcOffsetMinutes: time.offset, localDay: time.localDay,
            note: note.flatMap { $0.isEmpty ? nil : $0 }, createdAt: options.now, updatedAt: options.now,
            definition: definition)
    }
}

/// Bearable's long CSV: `date,[date formatted,]weekday,time of day,category,rating/amount,detail,notes`.
struct BearableReader {
    let session: ImportSession

    /// Bearable's parts of the day, as wall times (minutes after midnight).
    static let partsOfDay: [String: Int] = [
        "pre": 7 * 60, "am": 9 * 60, "mid": 13 * 60, "pm": 19 * 60, "all day": 12 * 60,
    ]
    /// Bearable's rating scales, each from 1 and better when higher: a number keeps its own range.
    static let ratingTops: [String: Double] = ["mood": 10, "energy": 5, "sleep quality": 4]
    static let severities: [String: Double] = ["none": 0, "mild": 1, "moderate": 2, "severe": 3, "unbearable": 4]

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        guard let table = ForeignTable(bytes, session: session) else { return }
        let required = ["date", "time of day", "category", "rating/amount", "detail", "notes"]
        guard let columns = table.columns(required, app: "Bearable", session: session) else { return }
        let formatted = table.index(of: "date formatted")
        for row in table.rows where !session.stopped {
            session.countRow()
            session.beginForeignRow(row)
            func field(_ name: String) -> String { ForeignTable.field(row, columns[name]) }
            let dateText =
                formatted.map { ForeignTable.field(row, $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? field("date")
            guard let day = ForeignText.day(dateText) else {
                session.problem(
                    line: row.line,
                    column: formatted != nil && !ForeignTable.field(row, formatted).isEmpty
                        ? "date formatted" : "date",
                    "'\(dateText)' is not a date like 2021-12-08 or 8th Dec 2021")
                continue
            }
            session.foreignRowDay(day)
            let timeText = field("time of day").lowercased()
            guard let minutes = timeText.isEmpty ? 12 * 60 : Self.partsOfDay[timeText] ?? ForeignText.clock(timeText)
            else {
                session.problem(
                    line: row.line, column: "time of day", "'\(timeText)' is not pre, am, mid, pm, all day or H:MM")
                continue
            }
            let category = field("category")
            let rating = field("rating/amount")
            let detail = field("detail")
            let notes = field("notes")
            let base = [
                "bearable", session.options.user ?? "", day.description, timeText, category, rating, detail, notes,
            ]
            func add(
                _ name: String, _ kind: ItemKind, _ value: Double, note: String?, _ definition: NewItem,
                part: String = ""
            )
                throws
            {
                let entry = session.foreignEntry(
                    base + [part], kind: kind, name: name, value: value, day: day, minutes: minutes, note: note,
                    definition: definition)
                try session.add(entry, place: SourcePlace(location: String(row.line), column: "rating/amount"))
            }
            switch category.lowercased() {
            case "symptom", "symptoms":
                let (name, inside) = ForeignText.splitParenthetical(detail)
                let level: Double?
                if rating.isEmpty {
                    level = inside.flatMap { Self.severities[$0.lowercased()] }
                } else {
                    level = ForeignText.number(rating).flatMap { (0...4).contains($0) ? $0 : nil }
                }
                guard !name.isEmpty else {
                    session.problem(line: row.line, column: "detail", "a symptom needs a name")
                    continue
                }
                guard let level else {
                    session.problem(
                        line: row.line, column: "rating/amount",
                        "'\(rating)' is not a severity 0 to 4 (or Mild, Moderate, Severe, Unbearable)")
                    continue
                }
                try add(
                    name, .symptom, ForeignText.severity(level), note: notes,
                    NewItem(kind: .symptom, name: name, valueType: .scale, min: 0, max: 10))
            case "mood", "energy", "sleep quality":
                guard let value = ForeignText.number(rating) else {
                    session.problem(line: row.line, column: "rating/amount", "'\(rating)' is not a rating")
                    continue
                }
                let name = category.lowercased()
                let definition = try session.ownScale(
                    NewItem(
                        kind: .symptom, name: name, valueType: .scale, min: 1, max: Self.ratingTops[name] ?? 10,
                        aggregate: .mean, direction: .betterWhenHigher), app: "Bearable")
                try add(
                    definition.name, .symptom, value,
                    note: [detail, notes].filter { !$0.isEmpty }.joined(separator: " — "), definition)
            case "sleep":
                // A watch may sync a sleep row with no amount, only a note: the note is kept as a note.
                if rating.isEmpty {
                    let text = [detail, notes].filter { !$0.isEmpty }.joined(separator: " — ")
                    if text.isEmpty {
                        session.report.rowsWithoutValue += 1
                    } else {
                        session.keepNote(
                            "\(category) — \(text)", day: day, minutes: minutes, line: row.line, uid: base)
                    }
                    continue
                }
                guard let hours = Self.hours(rating) else {
                    session.problem(
                        line: row.line, column: "rating/amount", "'\(rating)' is not hours of sleep (7.5 or 7:30)")
                    continue
                }
                try add(
                    "sleep", .trigger, hours, note: [detail, notes].filter { !$0.isEmpty }.joined(separator: " — "),
                    NewItem(kind: .trigger, name: "sleep", valueType: .quantity, unit: "hours", min: 0, max: 24))
            case "factors", "factor", "food diary factors", "sleep factors", "mood tags", "mood tag":
                let names = detail.split(separator: "|").map { $0.trimmed() }.filter {
                    !$0.isEmpty
                }
                guard !names.isEmpty else {
                    session.report.rowsWithoutValue += 1
                    continue
                }
                for text in names {
                    // "Name - Level": the level is kept as the note.
                    let parts = text.components(separatedBy: " - ")
                    let name = parts[0].trimmed()
                    let level = parts.count > 1 ? parts.dropFirst().joined(separator: " - ") : ""
                    let note = [level.isEmpty ? "" : "level: \(level)", notes].filter { !$0.isEmpty }
                        .joined(separator: " — ")
                    try add(
                        name, .trigger, 1, note: note, NewItem(kind: .trigger, name: name, valueType: .boolean),
                        part: text)
                }
            case "meds/supplements", "meds", "medication", "medications", "supplements":
                let (name, unit) = ForeignText.splitParenthetical(detail)
                guard !name.isEmpty else {
                    session.problem(line: row.line, column: "detail", "a medication needs a name")
                    continue
                }
                if rating.isEmpty && unit == nil {
                    try add(
                        name, .intervention, 1, note: notes,
                        NewItem(kind: .intervention, name: name, valueType: .boolean))
                    continue
                }
                guard let amount = ForeignText.number(rating), amount >= 0 else {
                    session.problem(line: row.line, column: "rating/amount", "'\(rating)' is not an amount")
                    continue
                }
                try add(
                    name, .intervention, amount, note: notes,
                    NewItem(kind: .intervention, name: name, valueType: .quantity, unit: unit, min: 0))
            case "health measurements", "measurements", "measurement":
                let (name, unit) = ForeignText.splitParenthetical(detail)
                guard !name.isEmpty, let amount = ForeignText.number(rating) else {
                    session.problem(line: row.line, column: "rating/amount", "'\(rating)' is not a measurement")
                    continue
                }
                try add(
                    name, .trigger, amount, note: notes,
                    NewItem(kind: .trigger, name: name, valueType: .quantity, unit: unit, aggregate: .mean))
            default:
                // Anything else (notes, gratitude, bowel movements, a category Bearable adds later) is a note.
                var pieces: [String] = []
                let label = [category, detail].filter { !$0.isEmpty }.joined(separator: ": ")
                if !label.isEmpty { pieces.append(rating.isEmpty ? label : "\(label) (\(rating))") }
                if !notes.isEmpty { pieces.append(notes) }
                guard !pieces.isEmpty else {
                    session.report.rowsWithoutValue += 1
                    continue
                }
                session.keepNote(pieces.joined(separator: " — "), day: day, minutes: minutes, line: row.line, uid: base)
            }
        }
    }

    /// `7.5`, `7:30` or `7h 30m` as hours.
    static func hours(_ text: String) -> Double? {
        if let value = ForeignText.number(text) { return value }
        if let minutes = ForeignText.clock(text) { return Double(minutes) / 60 }
        let pieces = text.lowercased().replacingEvery(" ", with: "")
        guard let match = pieces.wholeMatch(of: /([0-9]+)h(?:([0-9]+)m)?/) else { return nil }
        return Double(match.1)! + (match.2.flatMap { Double($0) } ?? 0) / 60
    }
}
