import FlareKit

/// How lab results print: JSON objects (documented in README.md, "Lab results"), one line for a person, CSV.
enum LabOutput {
    static func json(_ lab: LabResult) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(Int(lab.id))
        object["uid"] = .string(lab.uid)
        object["name"] = .string(lab.name)
        object["value"] = .number(lab.value)
        object["unit"] = .string(lab.unit)
        object["occurred_at"] = .string(lab.occurredAt)
        object["utc_offset_min"] = .int(lab.utcOffsetMinutes)
        object["local_time"] = .string(lab.localTimeText)
        object["local_day"] = .string(lab.localDay.description)
        object["created_at"] = .string(lab.createdAt)
        return .object(object)
    }

    /// "#2  2026-03-01 08:15  crp 4.2 mg/L".
    static func line(_ lab: LabResult) -> String {
        let clock = String(lab.localTimeText.dropFirst(11).prefix(5))
        return "#\(lab.id)  \(lab.localDay) \(clock)  " + summary(lab)
    }

    /// "crp 4.2 mg/L".
    static func summary(_ lab: LabResult) -> String { "\(lab.name) \(ValueText.number(lab.value)) \(lab.unit)" }

    /// " (4.2 mg/L)" for a CRP in another unit than mg/L; empty otherwise.
    static func inMilligramsPerLitre(_ lab: LabResult) -> String {
        guard let value = lab.crpMilligramsPerLitre, lab.unit != "mg/L" else { return "" }
        return " (\(ValueText.number(value)) mg/L)"
    }

    static let csvHeader = [
        "id", "uid", "name", "value", "unit", "occurred_at", "utc_offset_min", "local_time", "local_day", "created_at",
    ]

    static func csvRow(_ lab: LabResult) -> [String] {
        [
            String(lab.id), lab.uid, lab.name, ValueText.exact(lab.value), lab.unit, lab.occurredAt,
            String(lab.utcOffsetMinutes), lab.localTimeText, lab.localDay.description, lab.createdAt,
        ]
    }
}
