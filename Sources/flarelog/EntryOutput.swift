import FlareKit

/// How entries and notes print: JSON objects (documented in README.md), day-grouped tables and CSV rows.
/// A note prints in the shape of an entry, with kind `note`, its text as `note` and no item or value.
enum EntryOutput {
    static func json(_ record: Record) -> JSONValue {
        switch record {
        case .entry(let entry): return json(entry)
        case .note(let note):
            var object = JSONObject()
            object["id"] = .int(Int(note.id))
            object["uid"] = .string(note.uid)
            object["kind"] = .string("note")
            object["item"] = .null
            object["value_type"] = .null
            object["value"] = .null
            object["unit"] = .null
            object["occurred_at"] = .string(note.occurredAt)
            object["utc_offset_min"] = .int(note.utcOffsetMinutes)
            object["local_time"] = .string(note.localTimeText)
            object["local_day"] = .string(note.localDay.description)
            object["note"] = .string(note.text)
            object["regions"] = .array([])
            object["source"] = .string(note.source)
            object["created_at"] = .string(note.createdAt)
            object["updated_at"] = .string(note.updatedAt)
            object["deleted_at"] = .string(note.deletedAt)
            return .object(object)
        }
    }

    static func json(_ entry: Entry) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(Int(entry.id))
        object["uid"] = .string(entry.uid)
        object["kind"] = .string(entry.itemKind.rawValue)
        object["item"] = .string(entry.itemName)
        object["value_type"] = .string(entry.valueType.rawValue)
        object["value"] = .number(entry.value)
        object["unit"] = .string(entry.unit)
        object["occurred_at"] = .string(entry.occurredAt)
        object["utc_offset_min"] = .int(entry.utcOffsetMinutes)
        object["local_time"] = .string(entry.localTimeText)
        object["local_day"] = .string(entry.localDay.description)
        object["note"] = .string(entry.note)
        object["regions"] = .array(entry.regions.map { .string($0) })
        object["created_at"] = .string(entry.createdAt)
        object["updated_at"] = .string(entry.updatedAt)
        object["deleted_at"] = .string(entry.deletedAt)
        return .object(object)
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
