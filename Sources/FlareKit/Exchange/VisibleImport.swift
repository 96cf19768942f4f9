import FoundationEssentials
import SQLite

/// Visible's long CSV: `observation_date,tracker_name,tracker_category,observation_value`, one value per row.
struct VisibleReader {
    let session: ImportSession

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        guard let table = ForeignTable(bytes, session: session) else { return }
        let required = ["observation_date", "tracker_name", "tracker_category", "observation_value"]
        guard let columns = table.columns(required, app: "Visible", session: session) else { return }
        for row in table.rows where !session.stopped {
            session.countRow()
            session.beginForeignRow(row)
            func field(_ name: String) -> String { ForeignTable.field(row, columns[name]) }
            guard let day = ForeignText.day(String(field("observation_date").prefix(10))) else {
                session.problem(
                    line: row.line, column: "observation_date",
                    "'\(field("observation_date"))' is not a date like 2023-05-01")
                continue
            }
            session.foreignRowDay(day)
            let (name, category, value) = (field("tracker_name"), field("tracker_category"), field("observation_value"))
            guard !name.isEmpty else {
                session.problem(line: row.line, column: "tracker_name", "is empty")
                continue
            }
            guard !value.isEmpty else {
                session.report.rowsWithoutValue += 1
                continue
            }
            let uid = ["visible", session.options.user ?? "", day.description, category, name, value]
            let place = SourcePlace(location: String(row.line), column: "observation_value")
            let rule = VisibleRule(name: name, category: category)
            if rule == .crash {
                let crashed = ForeignText.number(value).map { $0 > 0 } ?? ["yes", "true"].contains(value.lowercased())
                if crashed { try addCrash(day: day, uid: uid) }
                continue
            }
            guard let number = ForeignText.number(value), let scale = rule.definition(name) else {
                session.keepNote("\(name): \(value)", day: day, minutes: 12 * 60, line: row.line, uid: uid)
                continue
            }
            let definition = try session.ownScale(scale, app: "Visible")
            try session.add(
                session.foreignEntry(
                    uid, kind: definition.kind, name: definition.name, value: number, day: day, minutes: 12 * 60,
                    note: nil, definition: definition), place: place)
        }
    }

    /// A crash is a flare episode of that day, from its start to its end.
    private func addCrash(day: LocalDay, uid: [String]) throws {
        let start = session.time(on: day, minutes: 0)
        let end = session.time(on: day, minutes: 23 * 60 + 59)
        try session.connection.run(
            """
            INSERT INTO flare (uid, started_at, ended_at, start_day, end_day, utc_offset_min, end_utc_offset_min,
                note, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'Visible: crash', ?) ON CONFLICT (uid) DO NOTHING
            """,
            [
                StableUID.make(uid), start.occurredAt, end.occurredAt, day.description, day.description, start.offset,
                end.offset, session.options.now,
            ])
        if session.connection.changes == 1 {
            session.report.flaresCreated += 1
        } else {
            session.report.flaresSkipped += 1
        }
    }
}

/// What a Visible tracker becomes, by its category and name.
enum VisibleRule: Equatable {
    /// Visible's symptoms are rated 0–3; the scale stays 0–3.
    case symptom
    /// Sleep and stability scores, 1–5, better when higher.
    case score
    case heartRateVariability
    case restingHeartRate
    /// Physical, mental, social or work exertion: triggers, rated 0–3.
    case exertion
    case crash
    /// Any other numeric tracker: a trigger quantity, daily mean.
    case other

    init(name: String, category: String) {
        let (name, category) = (name.lowercased(), category.lowercased())
        if name.contains("crash") || category.contains("crash") {
            self = .crash
        } else if name.contains("hrv") || name.contains("heart rate variability") {
            self = .heartRateVariability
        } else if name.contains("resting") || name.contains("heart rate") || name == "rhr" {
            self = .restingHeartRate
        } else if name.contains("stability") || name.contains("sleep") {
            self = .score
        } else if category.contains("exertion") || name.contains("exertion") {
            self = .exertion
        } else if category.contains("symptom") {
            self = .symptom
        } else {
            self = .other
        }
    }

    /// The item a value of this tracker is recorded on.
    func definition(_ name: String) -> NewItem? {
        switch self {
        case .symptom: NewItem(kind: .symptom, name: name, valueType: .scale, min: 0, max: 3)
        case .score:
            NewItem(
                kind: .symptom, name: name, valueType: .scale, min: 1, max: 5, aggregate: .mean,
                direction: .betterWhenHigher)
        case .heartRateVariability:
            NewItem(kind: .trigger, name: name, valueType: .quantity, unit: "ms", min: 0, aggregate: .mean)
        case .restingHeartRate:
            NewItem(kind: .trigger, name: name, valueType: .quantity, unit: "bpm", min: 0, aggregate: .mean)
        case .exertion: NewItem(kind: .trigger, name: name, valueType: .scale, min: 0, max: 3)
        case .other: NewItem(kind: .trigger, name: name, valueType: .quantity, aggregate: .mean)
        case .crash: nil
        }
    }
}
