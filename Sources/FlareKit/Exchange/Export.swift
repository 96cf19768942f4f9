import FoundationEssentials
import Glibc
import SQLite

/// The two shapes of a flarelog export.
public enum ExchangeFormat: String, CaseIterable, Sendable {
    case csv, json
}

/// What `flarelog export` writes.
public struct ExportOptions: Sendable {
    public var format: ExchangeFormat
    /// Entries on these local days only (inclusive); flares that overlap them.
    public var since: LocalDay?
    public var until: LocalDay?
    /// Also soft-deleted entries and flares.
    public var includeDeleted: Bool
    /// The `exported_at` of the JSON document (CSV carries no date, so it is byte-for-byte repeatable).
    public var exportedAt: String

    public init(
        format: ExchangeFormat, since: LocalDay? = nil, until: LocalDay? = nil, includeDeleted: Bool = false,
        exportedAt: String
    ) {
        self.format = format
        self.since = since
        self.until = until
        self.includeDeleted = includeDeleted
        self.exportedAt = exportedAt
    }
}

/// How many records an export wrote.
public struct ExportSummary: Sendable, Equatable {
    public var items = 0
    public var entries = 0
    public var flares = 0
    public var settings = 0
    public var notes = 0
    public var trials = 0
    public var assessments = 0
    public var labs = 0
}

/// The flarelog exchange format: the CSV header and the JSON document's name and version.
public enum ExchangeLayout {
    public static let formatName = "flarelog-export"
    public static let version = 1
    /// One long table; `record` says which columns a row uses (README, "Export and import").
    public static let csvHeader = ExchangeColumn.allCases.map(\.name)

    /// Regions in one CSV cell: separated by `;`, with `\;` and `\\` for a literal semicolon or backslash.
    static func joinRegions(_ regions: [String]) -> String {
        regions.map {
            $0.replacingEvery("\\", with: "\\\\").replacingEvery(";", with: "\\;")
        }.joined(separator: ";")
    }

    /// The inverse of `joinRegions`.
    static func splitRegions(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var regions: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ";" {
                regions.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        regions.append(current)
        return regions
    }

    static func number(_ value: Double?) -> String? { value.map(JSONValue.numberText) }

    /// True for exactly the form `Timestamp.format` writes (`2026-11-25T07:30:00.000Z`), a real date and
    /// time; checked in place, without copying, since an import checks three per row.
    static func isTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isTimestamp(UnsafeRawBufferPointer($0)) }
    }

    /// `isTimestamp` on the bytes of a field.
    static func isTimestamp(_ raw: UnsafeRawBufferPointer) -> Bool {
        raw.withMemoryRebound(to: UInt8.self) { bytes in
            guard bytes.count == 24, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
                bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z"),
                let day = dayNumbers(bytes), let hours = decimal(bytes[11..<13]),
                let minutes = decimal(bytes[14..<16]), let seconds = decimal(bytes[17..<19]),
                decimal(bytes[20..<23]) != nil
            else { return false }
            return hours < 24 && minutes < 60 && seconds < 60 && LocalDay(year: day.0, month: day.1, day: day.2) != nil
        }
    }

    /// True for a real date written `YYYY-MM-DD`, checked in place.
    static func isDay(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isDay(UnsafeRawBufferPointer($0)) }
    }

    /// `isDay` on the bytes of a field.
    static func isDay(_ raw: UnsafeRawBufferPointer) -> Bool {
        raw.withMemoryRebound(to: UInt8.self) { bytes in
            guard bytes.count == 10, let day = dayNumbers(bytes) else { return false }
            return LocalDay(year: day.0, month: day.1, day: day.2) != nil
        }
    }

    /// The year, month and day of `YYYY-MM-DD` at the start of `bytes`, unchecked against the calendar.
    private static func dayNumbers(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = decimal(bytes[0..<4]), let month = decimal(bytes[5..<7]), let day = decimal(bytes[8..<10])
        else { return nil }
        return (year, month, day)
    }
}

extension Database {
    /// Writes an export to `path` atomically: a temporary file in the same folder (mode 0600), flushed to
    /// disk, then renamed over `path`. A failure leaves `path` as it was. `path` must not be the database, a
    /// backup or any other file but an earlier export of the same format (`OutputTarget.check`).
    /// With `encryption` the file is an age file (`EncryptedFile.writeSealed`).
    @discardableResult
    public func export(_ options: ExportOptions, toFile path: String, encryption: Encryption? = nil) throws
        -> ExportSummary
    {
        let kind: OutputKind = options.format == .csv ? .csvExport : .jsonExport
        try OutputTarget.check(path, kind: kind, databasePath: self.path, passphrase: encryption?.passphrase)
        guard let encryption else {
            return try writeAtomically(to: path, leftovers: kind.leftovers) { descriptor in
                try export(options, toDescriptor: descriptor, name: path)
            }
        }
        return try EncryptedFile.writeSealed(to: path, leftovers: kind.leftovers, encryption) { writer in
            try export(options, to: OutputSink(encryptor: writer, name: path))
        }
    }

    /// Writes an export to an open file descriptor (standard output), in chunks, from one read snapshot.
    @discardableResult
    public func export(_ options: ExportOptions, toDescriptor descriptor: Int32, name: String) throws
        -> ExportSummary
    {
        try export(options, to: OutputSink(descriptor: descriptor, name: name))
    }

    private func export(_ options: ExportOptions, to sink: OutputSink) throws -> ExportSummary {
        let summary = try read { () throws -> ExportSummary in
            switch options.format {
            case .csv: return try exportCSV(options, to: sink)
            case .json: return try exportJSON(options, to: sink)
            }
        }
        try sink.flush()
        return summary
    }

    // MARK: - Queries, in a stable order that does not depend on row ids

    private static let itemQuery = """
        SELECT kind, name, value_type, unit, min, max, aggregate, builtin, created_at, archived_at, direction FROM item
        ORDER BY CASE kind WHEN 'symptom' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, name COLLATE NOCASE, name
        """
    private static let entryQuery = """
        SELECT uid, kind, name, occurred_at, utc_offset_min, local_day, value,
            (SELECT group_concat(region, char(31)) FROM
                (SELECT region FROM entry_region WHERE entry_id = entry.id ORDER BY region)),
            note, entry.created_at, updated_at, deleted_at
        FROM entry JOIN item ON item.id = entry.item_id
        WHERE (?1 OR deleted_at IS NULL) AND (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
        ORDER BY occurred_at, uid
        """
    private static let flareQuery = """
        SELECT uid, started_at, utc_offset_min, start_day, ended_at, end_utc_offset_min, end_day, note, created_at,
            deleted_at
        FROM flare
        WHERE (?1 OR deleted_at IS NULL) AND (?3 IS NULL OR start_day <= ?3)
          AND (?2 IS NULL OR end_day IS NULL OR end_day >= ?2)
        ORDER BY started_at, uid
        """
    private static let settingQuery = "SELECT key, value FROM setting ORDER BY key"
    private static let noteQuery = """
        SELECT uid, occurred_at, utc_offset_min, local_day, text, source, created_at, updated_at, deleted_at
        FROM note
        WHERE (?1 OR deleted_at IS NULL) AND (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
        ORDER BY occurred_at, uid
        """

    /// Every trial, whatever the window: a plan is a setting of the person's history, not an entry of a day.
    private static let trialQuery = """
        SELECT trial.uid, a.name, b.name, o.name, period_days, washout_days, blocks, seed, arms, start_day,
            trial.created_at, stopped_at, stopped_day
        FROM trial JOIN item a ON a.id = trial.intervention_id LEFT JOIN item b ON b.id = trial.comparison_id
            JOIN item o ON o.id = trial.outcome_id
        ORDER BY start_day, trial.uid
        """

    private static let assessmentQuery = """
        SELECT uid, instrument, version, occurred_at, utc_offset_min, local_day, answers, score, created_at
        FROM assessment
        WHERE (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
        ORDER BY occurred_at, uid
        """

    private static let labQuery = """
        SELECT uid, name, value, unit, occurred_at, utc_offset_min, local_day, created_at
        FROM lab_result
        WHERE (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
        ORDER BY occurred_at, uid
        """

    private func filterValues(_ options: ExportOptions) -> [(any SQLBindable)?] {
        [options.includeDeleted, options.since?.description, options.until?.description]
    }

    private func each(_ sql: String, _ values: [(any SQLBindable)?], _ body: (Statement) throws -> Void) throws {
        let statement = try connection.prepare(sql)
        try statement.bind(values)
        while try statement.step() { try body(statement) }
    }

    // MARK: - CSV

    private func exportCSV(_ options: ExportOptions, to sink: OutputSink) throws -> ExportSummary {
        var summary = ExportSummary()
        try sink.writeCSVRecord(ExchangeLayout.csvHeader)
        // The rows below list their cells in header order up to the last one they use; later columns are empty.
        func writeRow(_ cells: [String?]) throws {
            try sink.writeCSVRecord(
                cells + [String?](repeating: nil, count: ExchangeColumn.allCases.count - cells.count))
        }
        try each(Self.itemQuery, []) { row in
            summary.items += 1
            try writeRow([
                "item", row.column(0), row.column(1), nil, row.column(2), row.column(3),
                ExchangeLayout.number(row.column(4)), ExchangeLayout.number(row.column(5)), row.column(6),
                row.column(7, as: Bool.self) ? "1" : "0", nil, nil, nil, nil, nil, nil, nil, nil, nil, row.column(8),
                nil, nil, row.column(9), row.column(10), nil, nil, nil,
            ])
        }
        try each(Self.settingQuery, []) { row in
            summary.settings += 1
            try writeRow([
                "setting", nil, row.column(0), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
                row.column(1), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
            ])
        }
        try each(Self.flareQuery, filterValues(options)) { row in
            summary.flares += 1
            try writeRow([
                "flare", nil, nil, row.column(0), nil, nil, nil, nil, nil, nil, row.column(1),
                String(row.column(2, as: Int.self)), row.column(3), row.column(4),
                row.column(5, as: Int?.self).map(String.init), row.column(6), nil, nil, row.column(7), row.column(8),
                nil, row.column(9), nil, nil, nil, nil, nil,
            ])
        }
        try each(Self.entryQuery, filterValues(options)) { row in
            summary.entries += 1
            let regions = row.column(7, as: String?.self).map { $0.split(separator: "\u{1F}").map(String.init) }
            try writeRow([
                "entry", row.column(1), row.column(2), row.column(0), nil, nil, nil, nil, nil, nil, row.column(3),
                String(row.column(4, as: Int.self)), row.column(5), nil, nil, nil,
                JSONValue.numberText(row.column(6)), regions.map(ExchangeLayout.joinRegions), row.column(8),
                row.column(9), row.column(10), row.column(11), nil, nil, nil, nil, nil,
            ])
        }
        // Notes last: an export written before notes existed ends where this one's notes begin.
        try each(Self.noteQuery, filterValues(options)) { row in
            summary.notes += 1
            var cells = [String?](repeating: nil, count: ExchangeColumn.allCases.count)
            cells[ExchangeColumn.record.position] = "note"
            cells[ExchangeColumn.uid.position] = row.column(0)
            cells[ExchangeColumn.at.position] = row.column(1)
            cells[ExchangeColumn.utcOffsetMin.position] = String(row.column(2, as: Int.self))
            cells[ExchangeColumn.localDay.position] = row.column(3)
            cells[ExchangeColumn.note.position] = row.column(4)
            cells[ExchangeColumn.source.position] = row.column(5)
            cells[ExchangeColumn.createdAt.position] = row.column(6)
            cells[ExchangeColumn.updatedAt.position] = row.column(7)
            cells[ExchangeColumn.deletedAt.position] = row.column(8)
            try sink.writeCSVRecord(cells)
        }
        try each(Self.trialQuery, []) { row in
            summary.trials += 1
            var cells = [String?](repeating: nil, count: ExchangeColumn.allCases.count)
            cells[ExchangeColumn.record.position] = "trial"
            cells[ExchangeColumn.uid.position] = row.column(0)
            cells[ExchangeColumn.name.position] = row.column(1)
            cells[ExchangeColumn.vs.position] = row.column(2, as: String?.self) ?? "none"
            cells[ExchangeColumn.outcome.position] = row.column(3)
            cells[ExchangeColumn.period.position] = String(row.column(4, as: Int.self))
            cells[ExchangeColumn.washout.position] = String(row.column(5, as: Int.self))
            cells[ExchangeColumn.blocks.position] = String(row.column(6, as: Int.self))
            cells[ExchangeColumn.seed.position] = String(row.column(7, as: Int64.self))
            cells[ExchangeColumn.arms.position] = row.column(8)
            cells[ExchangeColumn.localDay.position] = row.column(9)
            cells[ExchangeColumn.createdAt.position] = row.column(10)
            cells[ExchangeColumn.endAt.position] = row.column(11)
            cells[ExchangeColumn.endDay.position] = row.column(12)
            try sink.writeCSVRecord(cells)
        }
        // Assessments after trials (schema 6), for the same reason.
        try each(Self.assessmentQuery, filterValues(options)) { row in
            summary.assessments += 1
            var cells = [String?](repeating: nil, count: ExchangeColumn.allCases.count)
            cells[ExchangeColumn.record.position] = "assessment"
            cells[ExchangeColumn.uid.position] = row.column(0)
            cells[ExchangeColumn.name.position] = row.column(1)
            cells[ExchangeColumn.version.position] = row.column(2)
            cells[ExchangeColumn.at.position] = row.column(3)
            cells[ExchangeColumn.utcOffsetMin.position] = String(row.column(4, as: Int.self))
            cells[ExchangeColumn.localDay.position] = row.column(5)
            cells[ExchangeColumn.answers.position] = row.column(6)
            cells[ExchangeColumn.value.position] = JSONValue.numberText(row.column(7))
            cells[ExchangeColumn.createdAt.position] = row.column(8)
            try sink.writeCSVRecord(cells)
        }
        // Lab results after assessments (schema 7), for the same reason.
        try each(Self.labQuery, filterValues(options)) { row in
            summary.labs += 1
            var cells = [String?](repeating: nil, count: ExchangeColumn.allCases.count)
            cells[ExchangeColumn.record.position] = "lab"
            cells[ExchangeColumn.uid.position] = row.column(0)
            cells[ExchangeColumn.name.position] = row.column(1)
            cells[ExchangeColumn.value.position] = JSONValue.numberText(row.column(2))
            cells[ExchangeColumn.unit.position] = row.column(3)
            cells[ExchangeColumn.at.position] = row.column(4)
            cells[ExchangeColumn.utcOffsetMin.position] = String(row.column(5, as: Int.self))
            cells[ExchangeColumn.localDay.position] = row.column(6)
            cells[ExchangeColumn.createdAt.position] = row.column(7)
            try sink.writeCSVRecord(cells)
        }
        return summary
    }

    // MARK: - JSON: one document, one record per line

    private func exportJSON(_ options: ExportOptions, to sink: OutputSink) throws -> ExportSummary {
        var summary = ExportSummary()
        var header = "{\n  \"format\": \"\(ExchangeLayout.formatName)\",\n  \"version\": \(ExchangeLayout.version),\n"
        header += "  \"exported_at\": \(JSONValue.string(options.exportedAt).compactText),\n"
        try sink.write(header)
        try writeJSONArray("items", last: false, to: sink, count: &summary.items) { write in
            try each(Self.itemQuery, []) { row in
                var item = JSONObject()
                item["kind"] = .string(row.column(0))
                item["name"] = .string(row.column(1))
                item["value_type"] = .string(row.column(2))
                item["unit"] = .string(row.column(3, as: String?.self))
                item["min"] = .number(row.column(4, as: Double?.self))
                item["max"] = .number(row.column(5, as: Double?.self))
                item["aggregate"] = .string(row.column(6))
                item["builtin"] = .bool(row.column(7))
                item["created_at"] = .string(row.column(8))
                item["archived_at"] = .string(row.column(9, as: String?.self))
                item["direction"] = .string(row.column(10, as: String.self))
                try write(.object(item))
            }
        }
        try writeJSONArray("entries", last: false, to: sink, count: &summary.entries) { write in
            try each(Self.entryQuery, filterValues(options)) { row in
                var entry = JSONObject()
                entry["uid"] = .string(row.column(0))
                entry["kind"] = .string(row.column(1))
                entry["item"] = .string(row.column(2))
                entry["occurred_at"] = .string(row.column(3))
                entry["utc_offset_min"] = .int(row.column(4))
                entry["local_day"] = .string(row.column(5))
                entry["value"] = .number(row.column(6, as: Double.self))
                let regions = row.column(7, as: String?.self).map { $0.split(separator: "\u{1F}").map(String.init) }
                entry["regions"] = .array((regions ?? []).map { .string($0) })
                entry["note"] = .string(row.column(8, as: String?.self))
                entry["created_at"] = .string(row.column(9))
                entry["updated_at"] = .string(row.column(10))
                entry["deleted_at"] = .string(row.column(11, as: String?.self))
                try write(.object(entry))
            }
        }
        try writeJSONArray("flares", last: false, to: sink, count: &summary.flares) { write in
            try each(Self.flareQuery, filterValues(options)) { row in
                var flare = JSONObject()
                flare["uid"] = .string(row.column(0))
                flare["started_at"] = .string(row.column(1))
                flare["utc_offset_min"] = .int(row.column(2))
                flare["start_day"] = .string(row.column(3))
                flare["ended_at"] = .string(row.column(4, as: String?.self))
                flare["end_utc_offset_min"] = .int(row.column(5, as: Int?.self))
                flare["end_day"] = .string(row.column(6, as: String?.self))
                flare["note"] = .string(row.column(7, as: String?.self))
                flare["created_at"] = .string(row.column(8))
                flare["deleted_at"] = .string(row.column(9, as: String?.self))
                try write(.object(flare))
            }
        }
        try writeJSONArray("notes", last: false, to: sink, count: &summary.notes) { write in
            try each(Self.noteQuery, filterValues(options)) { row in
                var note = JSONObject()
                note["uid"] = .string(row.column(0))
                note["occurred_at"] = .string(row.column(1))
                note["utc_offset_min"] = .int(row.column(2))
                note["local_day"] = .string(row.column(3))
                note["text"] = .string(row.column(4, as: String.self))
                note["source"] = .string(row.column(5, as: String?.self))
                note["created_at"] = .string(row.column(6))
                note["updated_at"] = .string(row.column(7))
                note["deleted_at"] = .string(row.column(8, as: String?.self))
                try write(.object(note))
            }
        }
        try writeJSONArray("trials", last: false, to: sink, count: &summary.trials) { write in
            try each(Self.trialQuery, []) { row in
                var trial = JSONObject()
                trial["uid"] = .string(row.column(0))
                trial["name"] = .string(row.column(1))
                trial["vs"] = .string(row.column(2, as: String?.self) ?? "none")
                trial["outcome"] = .string(row.column(3))
                trial["period"] = .int(row.column(4))
                trial["washout"] = .int(row.column(5))
                trial["blocks"] = .int(row.column(6))
                // A string: a JSON reader may hold numbers as doubles, which keep only 53 of the seed's 63 bits.
                trial["seed"] = .string(String(row.column(7, as: Int64.self)))
                trial["arms"] = .string(row.column(8))
                trial["start_day"] = .string(row.column(9))
                trial["created_at"] = .string(row.column(10))
                trial["stopped_at"] = .string(row.column(11, as: String?.self))
                trial["stopped_day"] = .string(row.column(12, as: String?.self))
                try write(.object(trial))
            }
        }
        try writeJSONArray("assessments", last: false, to: sink, count: &summary.assessments) { write in
            try each(Self.assessmentQuery, filterValues(options)) { row in
                var assessment = JSONObject()
                assessment["uid"] = .string(row.column(0))
                assessment["instrument"] = .string(row.column(1))
                assessment["version"] = .string(row.column(2))
                assessment["occurred_at"] = .string(row.column(3))
                assessment["utc_offset_min"] = .int(row.column(4))
                assessment["local_day"] = .string(row.column(5))
                guard let instrument = Instrument(rawValue: row.column(1)),
                    let answers = try? AssessmentAnswers(instrument, jsonText: row.column(6))
                else { throw FlareError(.badData, "assessment \(row.column(0, as: String.self)) is malformed") }
                assessment["answers"] = .object(answers.json)
                assessment["score"] = .number(row.column(7, as: Double.self))
                assessment["created_at"] = .string(row.column(8))
                try write(.object(assessment))
            }
        }
        try writeJSONArray("labs", last: false, to: sink, count: &summary.labs) { write in
            try each(Self.labQuery, filterValues(options)) { row in
                var lab = JSONObject()
                lab["uid"] = .string(row.column(0))
                lab["name"] = .string(row.column(1))
                lab["value"] = .number(row.column(2, as: Double.self))
                lab["unit"] = .string(row.column(3))
                lab["occurred_at"] = .string(row.column(4))
                lab["utc_offset_min"] = .int(row.column(5))
                lab["local_day"] = .string(row.column(6))
                lab["created_at"] = .string(row.column(7))
                try write(.object(lab))
            }
        }
        var settings = JSONObject()
        try each(Self.settingQuery, []) { row in
            summary.settings += 1
            settings[row.column(0)] = .string(row.column(1, as: String.self))
        }
        try sink.write("  \"settings\": \(JSONValue.object(settings).compactText)\n}\n")
        return summary
    }

    private func writeJSONArray(
        _ key: String, last: Bool, to sink: OutputSink, count: inout Int,
        _ body: (_ write: (JSONValue) throws -> Void) throws -> Void
    ) throws {
        try sink.write("  \"\(key)\": [")
        var written = 0
        try body { value in
            try sink.write((written == 0 ? "\n    " : ",\n    ") + value.compactText)
            written += 1
        }
        try sink.write(written == 0 ? "]" : "\n  ]")
        try sink.write(last ? "\n" : ",\n")
        count = written
    }
}

/// The columns of the flarelog CSV export, in header order.
enum ExchangeColumn: Int, CaseIterable {
    case record
    case kind
    case name
    case uid
    case valueType
    case unit
    case min
    case max
    case aggregate
    case builtin
    case at
    case utcOffsetMin
    case localDay
    case endAt
    case endUTCOffsetMin
    case endDay
    case value
    case regions
    case note
    case createdAt
    case updatedAt
    case deletedAt
    case archivedAt
    /// Added in schema 3; an export without it holds only worse-when-higher items.
    case direction
    /// Where an imported note came from (schema 4).
    case source
    /// A trial's plan (schema 5): B (`none` or an intervention), the outcome, the design, the seed and the
    /// order as drawn; its start is `local_day`, a stop `end_at` and `end_day`.
    case vs
    case outcome
    case period
    case washout
    case blocks
    case seed
    case arms
    /// An assessment's scoring version and its answers as a JSON object (schema 6).
    case version
    case answers

    /// The header name.
    var name: String { Self.names[rawValue] }
    /// The column's place in the CSV header.
    var position: Int { rawValue }

    private static let names = [
        "record",
        "kind",
        "name",
        "uid",
        "value_type",
        "unit",
        "min",
        "max",
        "aggregate",
        "builtin",
        "at",
        "utc_offset_min",
        "local_day",
        "end_at",
        "end_utc_offset_min",
        "end_day",
        "value",
        "regions",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
        "archived_at",
        "direction",
        "source",
        "vs",
        "outcome",
        "period",
        "washout",
        "blocks",
        "seed",
        "arms",
        "version",
        "answers",
    ]
}
