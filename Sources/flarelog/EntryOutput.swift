import FlareKit

/// How entries print: JSON objects (documented in README.md), day-grouped tables and CSV rows.
enum EntryOutput {
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

    static func csvRow(_ entry: Entry) -> [String] {
        [
            String(entry.id), entry.uid, entry.itemKind.rawValue, entry.itemName, ValueText.number(entry.value),
            entry.unit ?? "", entry.occurredAt, String(entry.utcOffsetMinutes), entry.localTimeText,
            entry.localDay.description, entry.regions.joined(separator: ";"), entry.note ?? "", entry.deletedAt ?? "",
        ]
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

    /// Prints `entries` in `format`.
    static func print(_ entries: [Entry], format: OutputFormat) {
        switch format {
        case .json:
            Swift.print(JSONValue.array(entries.map(json)).text)
        case .csv:
            var csv = CSVText()
            csv.row(csvHeader)
            for entry in entries { csv.row(csvRow(entry)) }
            Swift.print(csv.text, terminator: "")
        case .table:
            var day: LocalDay?
            for entry in entries {
                if entry.localDay != day {
                    day = entry.localDay
                    Swift.print(entry.localDay.description)
                }
                Swift.print("  " + line(entry, withDay: false))
            }
        }
    }
}
