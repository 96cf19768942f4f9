import FoundationEssentials

/// Daylio's CSV export: `full_date,date,weekday,time,mood,activities,note_title,note`, one row per entry.
struct DaylioReader {
    let session: ImportSession

    /// Daylio's default mood labels, best first: the 5-level mood is a better-when-higher rating 1–5.
    static let defaultLabels = ["rad", "good", "meh", "bad", "awful"]
    /// The rating that holds Daylio's mood: its own 1–5 range, not the built-in 0–10 mood, so a number keeps
    /// what it meant in Daylio.
    static let moodItem = NewItem(
        kind: .symptom, name: "daylio mood", valueType: .scale, min: 1, max: 5, aggregate: .mean,
        direction: .betterWhenHigher)

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        guard let table = ForeignTable(bytes, session: session) else { return }
        let required = ["full_date", "time", "mood", "activities", "note_title", "note"]
        guard let columns = table.columns(required, app: "Daylio", session: session) else { return }
        let labels = (session.options.moodLabels ?? Self.defaultLabels).map { $0.trimmed().lowercased() }
        // Every label of the file must be known before anything is read: a renamed label mapped by guess
        // would turn a bad day into a good one.
        let seen = table.rows.map { ForeignTable.field($0, columns["mood"]) }.filter { !$0.isEmpty }
        let unknown = Set(seen.map { $0.lowercased() }).subtracting(labels)
        if !unknown.isEmpty {
            var ordered: [String] = []
            for label in seen where !ordered.contains(label) { ordered.append(label) }
            throw FlareError.badData(
                "\(session.file) has mood labels flarelog does not know ("
                    + unknown.sorted().map { "'\($0)'" }.joined(separator: ", ") + "); the labels seen are "
                    + ordered.map { "'\($0)'" }.joined(separator: ", ")
                    + "; give all five, best first, with --mood-labels \"Rad,Good,Meh,Bad,Awful\"")
        }
        for row in table.rows where !session.stopped {
            session.countRow()
            session.beginForeignRow(row)
            func field(_ name: String) -> String { ForeignTable.field(row, columns[name]) }
            guard let day = ForeignText.day(field("full_date")) else {
                session.problem(
                    line: row.line, column: "full_date", "'\(field("full_date"))' is not a date like 2021-03-05")
                continue
            }
            session.foreignRowDay(day)
            let timeText = field("time")
            guard let minutes = timeText.isEmpty ? 12 * 60 : ForeignText.clockWithMeridiem(timeText) else {
                session.problem(line: row.line, column: "time", "'\(timeText)' is not a time like 21:30 or 9:30 pm")
                continue
            }
            let note = [field("note_title"), field("note")].filter { !$0.isEmpty }.joined(separator: " — ")
            let base = [
                "daylio", session.options.user ?? "", day.description, timeText, field("mood"), field("activities"),
                note,
            ]
            let place = SourcePlace(location: String(row.line), column: "mood")
            let mood = field("mood").lowercased()
            if let index = labels.firstIndex(of: mood) {
                try session.add(
                    session.foreignEntry(
                        base, kind: .symptom, name: Self.moodItem.name, value: Double(labels.count - index),
                        day: day, minutes: minutes, note: note, definition: Self.moodItem), place: place)
            } else if !note.isEmpty {
                session.keepNote(note, day: day, minutes: minutes, line: row.line, uid: base)
            }
            for activity in field("activities").split(separator: "|").map({ $0.trimmed() }) where !activity.isEmpty {
                try session.add(
                    session.foreignEntry(
                        base + [activity], kind: .trigger, name: activity, value: 1, day: day, minutes: minutes,
                        note: nil, definition: NewItem(kind: .trigger, name: activity, valueType: .boolean)),
                    place: place.with(column: "activities"))
            }
            if mood.isEmpty && note.isEmpty && field("activities").isEmpty { session.report.rowsWithoutValue += 1 }
        }
    }
}
