import FlareKit

/// How entries and notes print: JSON objects (documented in README.md), day-grouped tables and CSV rows.
/// A note prints in the shape of an entry, with kind `note`, its text as `note` and no item or value.
enum EntryOutput {
    static func json(_ record: Record) -> JSONValue {
        switch record {
        case .entry(let entry): return json(entry)
        case .note(let note):
            return .object(
                JSONObject([
                    "id": .int(Int(note.id)),
                    "uid": .string(note.uid),
                    "kind": .string("note"),
                    "item": .null,
                    "value_type": .null,
                    "value": .null,
                    "unit": .null,
                    "occurred_at": .string(note.occurredAt),
                    "utc_offset_min": .int(note.utcOffsetMinutes),
                    "local_time": .string(note.localTimeText),
                    "local_day": .string(note.localDay.description),
                    "note": .string(note.text),
                    "regions": .array([]),
                    "source": .string(note.source),
                    "created_at": .string(note.createdAt),
                    "updated_at": .string(note.updatedAt),
                    "deleted_at": .string(note.deletedAt),
                ]))
        }
    }

    static func json(_ entry: Entry) -> JSONValue {
        .object(
            JSONObject([
                "id": .int(Int(entry.id)),
                "uid": .string(entry.uid),
                "kind": .string(entry.itemKind.rawValue),
                "item": .string(entry.itemName),
                "value_type": .string(entry.valueType.rawValue),
                "value": .number(entry.value),
                "unit": .string(entry.unit),
                "occurred_at": .string(entry.occurredAt),
                "utc_offset_min": .int(entry.utcOffsetMinutes),
                "local_time": .string(entry.localTimeText),
                "local_day": .string(entry.localDay.description),
                "note": .string(entry.note),
                "regions": .array(entry.regions.map { .string($0) }),
                "created_at": .string(entry.createdAt),
                "updated_at": .string(entry.updatedAt),
                "deleted_at": .string(entry.deletedAt),
            ]))
    }

    static let csvHeader = [
        "id", "uid", "kind", "item", "value", "unit", "occurred_at", "utc_offset_min", "local_time", "local_day",
        "regions", "note", "deleted_at",
    ]

    static func csvRow(_ record: Record) -> [String] {
        switch record {
        case .note(let note):
            return [
                String(note.id), note.uid, "note", "", "", "", note.occurredAt, String(note.utcOffsetMinutes),
                note.localTimeText, note.localDay.description, "", note.text, note.deletedAt ?? "",
            ]
        case .entry(let entry):
            return [
                String(entry.id), entry.uid, entry.itemKind.rawValue, entry.itemName, ValueText.number(entry.value),
                entry.unit ?? "", entry.occurredAt, String(entry.utcOffsetMinutes), entry.localTimeText,
                entry.localDay.description, entry.regions.joined(separator: ";"), entry.note ?? "",
                entry.deletedAt ?? "",
            ]
        }
    }

    /// One line for a person: "#12  2026-11-25 08:30  symptom widespread pain 7 (lower-back) — note".
    static func line(_ entry: Entry, withDay: Bool = true) -> String {
        let clock = String(entry.localTimeText.dropFirst(11).prefix(5))
        var text = "#\(entry.id)  " + (withDay ? "\(entry.localDay) " : "") + clock
        text += "  \(entry.itemKind.rawValue) \(entry.itemName): \(entry.valueText)"
        if !entry.regions.isEmpty { text += " (\(entry.regions.joined(separator: ", ")))" }
        if let note = entry.note { text += " — \(Self.oneLine(note))" }
        if entry.deletedAt != nil { text += " [deleted]" }
        return text
    }

    /// One line for a note: "note 3  2026-11-25 08:30  — text (from bearable.csv:12)".
    static func line(_ record: Record, withDay: Bool = true) -> String {
        switch record {
        case .entry(let entry): return line(entry, withDay: withDay)
        case .note(let note):
            let clock = String(note.localTimeText.dropFirst(11).prefix(5))
            var text = "note \(note.id)  " + (withDay ? "\(note.localDay) " : "") + clock + "  — " + oneLine(note.text)
            if let source = note.source { text += " (from \(oneLine(source)))" }
            if note.deletedAt != nil { text += " [deleted]" }
            return text
        }
    }

    /// Notes may hold newlines and control characters; a table shows them escaped on one line.
    static func oneLine(_ text: String) -> String {
        String(
            text.unicodeScalars.flatMap { scalar -> [Character] in
                switch scalar {
                case "\n": return ["\\", "n"]
                case "\t": return [" "]
                case let control where control.properties.generalCategory == .control: return ["?"]
                default: return [Character(scalar)]
                }
            })
    }

    /// Prints entries and notes in `format`.
    static func print(_ records: [Record], format: OutputFormat) {
        switch format {
        case .json:
            Swift.print(JSONValue.array(records.map { json($0) }).text)
        case .csv:
            var csv = CSVText()
            csv.row(csvHeader)
            for record in records { csv.row(csvRow(record)) }
            Swift.print(csv.text, terminator: "")
        case .table:
            var day: LocalDay?
            for record in records {
                if record.localDay != day {
                    day = record.localDay
                    Swift.print(record.localDay.description)
                }
                Swift.print("  " + line(record, withDay: false))
            }
        }
    }
}
