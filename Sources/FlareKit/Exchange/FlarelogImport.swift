import FoundationEssentials
import SQLite

/// One record of a flarelog export, whichever shape it came in, with a way to read its fields by name.
protocol ExchangeRecord {
    /// The field's text; nil when absent or empty.
    func text(_ column: ExchangeColumn) -> String?
    func place(_ column: String) -> SourcePlace
}

/// Reads flarelog's own records (items, settings, flares, entries) into the session.
struct FlarelogRecordImporter {
    let session: ImportSession

    func add(_ record: some ExchangeRecord) throws {
        switch record.text(.record) {
        case "item": try addItem(record)
        case "entry": try addEntry(record)
        case "flare": try addFlare(record)
        case "setting": try addSetting(record)
        case "note": try addNote(record)
        case "trial": try addTrial(record)
        case "assessment": try addAssessment(record)
        case "lab": try addLab(record)
        case let other:
            session.problem(
                record.place("record"),
                "'\(other ?? "")' is not a record type; use item, entry, flare, note, trial, assessment, lab or setting"
            )
        }
    }

    private func place(_ record: some ExchangeRecord, _ column: ExchangeColumn) -> SourcePlace {
        record.place(column.name)
    }

    private func required(_ record: some ExchangeRecord, _ column: ExchangeColumn) -> String? {
        guard let value = record.text(column) else {
            session.problem(place(record, column), "is empty")
            return nil
        }
        return value
    }

    private func timestamp(_ record: some ExchangeRecord, _ column: ExchangeColumn, optional: Bool = false) -> String??
    {
        guard let value = record.text(column) else {
            if optional { return .some(nil) }
            session.problem(place(record, column), "is empty")
            return nil
        }
        guard ExchangeLayout.isTimestamp(value) else {
            session.problem(place(record, column), "'\(value)' is not a UTC time like 2026-11-25T07:30:00.000Z")
            return nil
        }
        return .some(value)
    }

    private func day(_ record: some ExchangeRecord, _ column: ExchangeColumn) -> LocalDay? {
        guard let value = required(record, column) else { return nil }
        guard let day = LocalDay(value) else {
            session.problem(place(record, column), "'\(value)' is not a date YYYY-MM-DD")
            return nil
        }
        return day
    }

    private func offset(_ record: some ExchangeRecord, _ column: ExchangeColumn) -> Int? {
        guard let value = required(record, column) else { return nil }
        guard let minutes = Int(value), (-1440...1440).contains(minutes) else {
            session.problem(place(record, column), "'\(value)' is not a UTC offset in minutes (-1440 to 1440)")
            return nil
        }
        return minutes
    }

    private func number(_ record: some ExchangeRecord, _ column: ExchangeColumn) -> Double?? {
        guard let value = record.text(column) else { return .some(nil) }
        guard let number = ValueText.read(value), number.isFinite else {
            session.problem(place(record, column), "'\(value)' is not a number")
            return nil
        }
        return .some(number)
    }

    private func kind(_ record: some ExchangeRecord) -> ItemKind? {
        guard let value = required(record, .kind) else { return nil }
        guard let kind = ItemKind(rawValue: value) else {
            session.problem(place(record, .kind), "'\(value)' is not symptom, trigger or intervention")
            return nil
        }
        return kind
    }

    // MARK: - Records

    private func addItem(_ record: some ExchangeRecord) throws {
        guard let kind = kind(record), let name = required(record, .name),
            let typeText = required(record, .valueType), let min = number(record, .min),
            let max = number(record, .max), let createdAt = timestamp(record, .createdAt) ?? nil,
            let archivedAt = timestamp(record, .archivedAt, optional: true)
        else { return }
        guard let valueType = ValueType(rawValue: typeText) else {
            session.problem(place(record, .valueType), "'\(typeText)' is not scale, quantity or boolean")
            return
        }
        var aggregate: Aggregate?
        if let text = record.text(.aggregate) {
            guard let value = Aggregate(rawValue: text) else {
                session.problem(place(record, .aggregate), "'\(text)' is not max, mean, sum or any")
                return
            }
            aggregate = value
        }
        var direction = Direction.worseWhenHigher
        if let text = record.text(.direction) {
            guard let value = Direction(rawValue: text) else {
                session.problem(place(record, .direction), "'\(text)' is not worse-when-higher or better-when-higher")
                return
            }
            direction = value
        }
        let builtin = record.text(.builtin) == "1" || record.text(.builtin) == "true"
        let connection = session.connection
        if let existing = try session.existingItem(kind, name) {
            // The catalog keeps its own definition; the item counts from its earliest known creation, and an
            // item archived on either side stays archived.
            let created = Swift.min(existing.createdAt, createdAt)
            let archived = existing.archivedAt ?? archivedAt
            if created != existing.createdAt || archived != existing.archivedAt {
                try connection.run(
                    "UPDATE item SET created_at = ?, archived_at = ? WHERE id = ?", [created, archived, existing.id])
                session.forget(kind, name)
            }
            return
        }
        let definition = NewItem(
            kind: kind, name: name, valueType: valueType, unit: record.text(.unit), min: min, max: max,
            aggregate: aggregate, direction: direction)
        do {
            let created = try session.database.addItem(definition, now: createdAt)
            try connection.run(
                "UPDATE item SET builtin = ?, archived_at = ? WHERE id = ?", [builtin, archivedAt, created.id])
            session.forget(kind, name)
            if let stored = try session.existingItem(kind, name) { session.record(stored) }
        } catch let error as FlareError {
            session.problem(place(record, .name), error.message)
        }
    }

    private func addEntry(_ record: some ExchangeRecord) throws {
        guard let kind = kind(record), let name = required(record, .name), let uid = required(record, .uid),
            let occurredAt = timestamp(record, .at) ?? nil, let offset = offset(record, .utcOffsetMin),
            let localDay = required(record, .localDay), let valueText = required(record, .value),
            let createdAt = timestamp(record, .createdAt) ?? nil,
            let updatedAt = timestamp(record, .updatedAt) ?? nil,
            let deletedAt = timestamp(record, .deletedAt, optional: true)
        else { return }
        guard ExchangeLayout.isDay(localDay) else {
            session.problem(place(record, .localDay), "'\(localDay)' is not a date YYYY-MM-DD")
            return
        }
        guard let value = ValueText.read(valueText), value.isFinite else {
            session.problem(place(record, .value), "'\(valueText)' is not a number")
            return
        }
        let entry = PendingEntry(
            uid: uid, kind: kind, itemName: name, value: value, occurredAt: occurredAt, utcOffsetMinutes: offset,
            localDay: localDay, note: record.text(.note),
            regions: record.text(.regions).map(ExchangeLayout.splitRegions) ?? [], createdAt: createdAt,
            updatedAt: updatedAt, deletedAt: deletedAt)
        try session.add(entry, place: place(record, .value))
    }

    private func addFlare(_ record: some ExchangeRecord) throws {
        guard let uid = required(record, .uid), let startedAt = timestamp(record, .at) ?? nil,
            let startOffset = offset(record, .utcOffsetMin), let startDay = day(record, .localDay),
            let endedAt = timestamp(record, .endAt, optional: true),
            let createdAt = timestamp(record, .createdAt) ?? nil,
            let deletedAt = timestamp(record, .deletedAt, optional: true)
        else { return }
        var endDay: LocalDay?
        var endOffset: Int?
        if endedAt != nil {
            guard let day = day(record, .endDay), let minutes = offset(record, .endUTCOffsetMin) else { return }
            endDay = day
            endOffset = minutes
        }
        guard session.problems.isEmpty else { return }
        do {
            try session.connection.run(
                """
                INSERT INTO flare (uid, started_at, ended_at, start_day, end_day, utc_offset_min, end_utc_offset_min,
                    note, created_at, deleted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING
                """,
                [
                    uid, startedAt, endedAt, startDay.description, endDay?.description, startOffset, endOffset,
                    record.text(.note), createdAt, deletedAt,
                ])
        } catch let error as SQLiteError where error.primaryCode == 19 {
            let reason =
                error.message.contains("flare_single_open") || error.message.contains("ended_at IS NULL")
                ? "a flare is already open in the database; end it first"
                : "the database refused the flare: \(error.message)"
            session.problem(place(record, .endAt), reason)
            return
        }
        if session.connection.changes == 1 {
            session.report.flaresCreated += 1
        } else {
            session.report.flaresSkipped += 1
        }
    }

    private func addNote(_ record: some ExchangeRecord) throws {
        guard let uid = required(record, .uid), let occurredAt = timestamp(record, .at) ?? nil,
            let offset = offset(record, .utcOffsetMin), let day = day(record, .localDay),
            let text = required(record, .note), let createdAt = timestamp(record, .createdAt) ?? nil,
            let updatedAt = timestamp(record, .updatedAt) ?? nil,
            let deletedAt = timestamp(record, .deletedAt, optional: true)
        else { return }
        guard !text.trimmed().isEmpty else {
            session.problem(place(record, .note), "a note needs some text")
            return
        }
        guard session.problems.isEmpty else { return }
        try session.insertNote(
            uid: uid, occurredAt: occurredAt, offset: offset, day: day, text: text, source: record.text(.source),
            createdAt: createdAt, updatedAt: updatedAt, deletedAt: deletedAt)
    }

    /// A trial's plan as it was drawn; its items must be in the catalog (or earlier in the file).
    private func addTrial(_ record: some ExchangeRecord) throws {
        guard let uid = required(record, .uid), let name = required(record, .name), let vs = required(record, .vs),
            let outcomeName = required(record, .outcome), let start = day(record, .localDay),
            let createdAt = timestamp(record, .createdAt) ?? nil,
            let stoppedAt = timestamp(record, .endAt, optional: true), let armsText = required(record, .arms)
        else { return }
        var numbers: [Int] = []
        for column in [ExchangeColumn.period, .washout, .blocks] {
            guard let text = required(record, column) else { return }
            guard let number = Int(text) else {
                session.problem(place(record, column), "'\(text)' is not a whole number")
                return
            }
            numbers.append(number)
        }
        guard let seedText = required(record, .seed) else { return }
        guard let seed = UInt64(seedText), seed <= UInt64(Int64.max) else {
            session.problem(place(record, .seed), "'\(seedText)' is not a seed (0 to \(Int64.max))")
            return
        }
        var stoppedDay: LocalDay?
        if stoppedAt != nil {
            guard let day = day(record, .endDay) else { return }
            stoppedDay = day
        }
        let arms = armsText.compactMap { TrialArm(rawValue: String($0)) }
        guard arms.count == armsText.count else {
            session.problem(place(record, .arms), "'\(armsText)' is not an order of A and B")
            return
        }
        let plan: TrialPlan
        do {
            try TrialPlan.check(periodDays: numbers[0], washoutDays: numbers[1], blocks: numbers[2])
            plan = try TrialPlan(
                intervention: name, comparison: vs == "none" ? nil : vs, outcome: outcomeName, periodDays: numbers[0],
                washoutDays: numbers[1], blocks: numbers[2], seed: seed, start: start,
                arms: arms)
        } catch let error as FlareError {
            session.problem(place(record, .arms), error.message)
            return
        }
        func find(_ kind: ItemKind, _ name: String, _ column: ExchangeColumn) throws -> Item? {
            if let item = try session.existingItem(kind, name) { return item }
            session.problem(place(record, column), "no \(kind.rawValue) named '\(name)' in the catalog or the file")
            return nil
        }
        guard let intervention = try find(.intervention, name, .name),
            let outcome = try find(.symptom, outcomeName, .outcome)
        else { return }
        var comparisonID: Int64?
        if let other = plan.comparison {
            guard let item = try find(.intervention, other, .vs) else { return }
            comparisonID = item.id
        }
        guard session.problems.isEmpty else { return }
        let database = session.database
        if try database.connection.scalar("SELECT count(*) FROM trial WHERE uid = ?", [uid], as: Int.self) != 0 {
            session.report.trialsSkipped += 1
            return
        }
        if stoppedAt == nil, let overlap = try database.overlappingTrial(plan) {
            session.problem(place(record, .localDay), overlap)
            return
        }
        try database.insertTrial(
            plan, uid: uid, itemIDs: (intervention.id, comparisonID, outcome.id), createdAt: createdAt,
            stoppedAt: stoppedAt, stoppedDay: stoppedDay)
        session.report.trialsCreated += 1
    }

    /// An assessment as exported: its answers are checked and scored again, and must give the stored score.
    private func addAssessment(_ record: some ExchangeRecord) throws {
        guard let uid = required(record, .uid), let instrumentText = required(record, .name),
            let version = required(record, .version), let occurredAt = timestamp(record, .at) ?? nil,
            let offset = offset(record, .utcOffsetMin), let day = day(record, .localDay),
            let answersText = required(record, .answers), let score = number(record, .value) ?? nil,
            let createdAt = timestamp(record, .createdAt) ?? nil
        else {
            if record.text(.value) == nil { session.problem(place(record, .value), "is empty") }
            return
        }
        guard let instrument = Instrument(rawValue: instrumentText) else {
            let known = Instrument.allCases.map(\.rawValue).joined(separator: ", ")
            session.problem(place(record, .name), "'\(instrumentText)' is not an instrument (\(known))")
            return
        }
        guard version == instrument.version else {
            session.problem(
                place(record, .version),
                "\(instrument.rawValue) version '\(version)' is not the one this flarelog scores"
                    + " (\(instrument.version)); upgrade flarelog")
            return
        }
        let answers: AssessmentAnswers
        do {
            answers = try AssessmentAnswers(instrument, jsonText: answersText)
        } catch let error as FlareError {
            session.problem(place(record, .answers), error.message)
            return
        }
        let computed = answers.result.score
        guard abs(score - computed) <= 1e-9 * max(1, abs(computed)) else {
            session.problem(
                place(record, .value),
                "score \(JSONValue.numberText(score)) does not match its answers (\(JSONValue.numberText(computed)))")
            return
        }
        guard session.problems.isEmpty else { return }
        let time = EntryTime(occurredAt: occurredAt, utcOffsetMinutes: offset, localDay: day)
        if try session.database.insertAssessment(
            uid: uid, answers: answers, version: version, time: time, score: score, createdAt: createdAt)
        {
            session.report.assessmentsCreated += 1
        } else {
            session.report.assessmentsSkipped += 1
        }
    }

    /// A lab result as exported, checked as if it had been typed.
    private func addLab(_ record: some ExchangeRecord) throws {
        guard let uid = required(record, .uid), let name = required(record, .name),
            let value = number(record, .value) ?? nil, let unit = required(record, .unit),
            let occurredAt = timestamp(record, .at) ?? nil, let offset = offset(record, .utcOffsetMin),
            let day = day(record, .localDay), let createdAt = timestamp(record, .createdAt) ?? nil
        else {
            if record.text(.value) == nil { session.problem(place(record, .value), "is empty") }
            return
        }
        let lab: NewLabResult
        do {
            lab = try NewLabResult(name: name, value: value, unit: unit)
        } catch let error as FlareError {
            session.problem(place(record, .value), error.message)
            return
        }
        guard session.problems.isEmpty else { return }
        let time = EntryTime(occurredAt: occurredAt, utcOffsetMinutes: offset, localDay: day)
        if try session.database.insertLabResult(lab, uid: uid, time: time, createdAt: createdAt) {
            session.report.labsCreated += 1
        } else {
            session.report.labsSkipped += 1
        }
    }

    private func addSetting(_ record: some ExchangeRecord) throws {
        guard let keyText = required(record, .name), let valueText = required(record, .value) else { return }
        guard let key = SettingKey(rawValue: keyText) else {
            session.problem(place(record, .name), "'\(keyText)' is not a setting this flarelog knows")
            return
        }
        let value: String
        do {
            value = try key.normalized(valueText)
        } catch let error as FlareError {
            session.problem(place(record, .value), error.message)
            return
        }
        guard session.problems.isEmpty else { return }
        // The database's own setting wins: importing never changes a preference already made.
        try session.connection.run(
            "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", [key.rawValue, value])
        if session.connection.changes == 1 {
            session.report.settingsCreated += 1
        } else {
            session.report.settingsSkipped += 1
        }
    }
}

// MARK: - CSV

/// A CSV row of the flarelog export, its fields looked up through the header.
struct FlarelogCSVRow: ExchangeRecord {
    let reader: CSVReader
    let fields: [CSVReader.Field]
    /// The field index of each `ExchangeColumn` (by its position in `allCases`), -1 when the file lacks it.
    let columns: [Int]
    let line: Int

    func text(_ column: ExchangeColumn) -> String? {
        let index = columns[column.position]
        guard index >= 0, index < fields.count, !reader.isEmpty(fields[index]) else { return nil }
        return reader.string(fields[index])
    }

    func place(_ column: String) -> SourcePlace { SourcePlace(line: line, column: column) }
}

struct FlarelogCSVReader {
    let session: ImportSession

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = CSVReader(bytes: bytes)
        var fields: [CSVReader.Field] = []
        let records = FlarelogRecordImporter(session: session)
        do {
            guard try reader.next(into: &fields) else {
                session.problem(line: 1, column: "record", "the file is empty")
                return
            }
            let header = fields.map { reader.string($0) }
            guard header.first == "record" else {
                session.problem(
                    line: reader.recordLine, column: "record",
                    "this is not a flarelog export (its header must start with 'record'); check --from")
                return
            }
            let columns = ExchangeColumn.allCases.map { header.firstIndex(of: $0.name) ?? -1 }
            var fastPath = FlarelogFastPath(session: session, columns: columns)
            while !session.stopped, try reader.next(into: &fields) {
                session.countRow()
                if fields.count == header.count, try fastPath.stage(reader, fields) { continue }
                if fields.count != header.count {
                    session.problem(
                        line: reader.recordLine, column: header.last ?? "record",
                        "\(fields.count) fields where the header has \(header.count)")
                    continue
                }
                try records.add(
                    FlarelogCSVRow(reader: reader, fields: fields, columns: columns, line: reader.recordLine))
            }
        } catch let error as CSVReader.SyntaxError {
            session.problem(line: error.line, column: String(error.field), error.reason)
        }
    }
}

// MARK: - JSON

/// A value of a JSON export, read the way `JSONSerialization` read it: numbers as Doubles, objects by key.
enum ImportedJSON: Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ImportedJSON])
    case object([String: ImportedJSON])

    init(from decoder: any Decoder) throws {
        // Each wrong guess throws, which costs: the kinds are tried from the most common in an export
        // (strings, numbers, the regions' arrays, records) to the rarest (booleans).
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let text = try? value.decode(String.self) {
            self = .string(text)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let values = try? value.decode([ImportedJSON].self) {
            self = .array(values)
        } else if let members = try? value.decode([String: ImportedJSON].self) {
            self = .object(members)
        } else {
            self = .bool(try value.decode(Bool.self))
        }
    }

    /// The whole number a number (or a boolean) stands for, as `as? Int` read it from an `NSNumber`.
    var integer: Int? {
        switch self {
        case .number(let number): Int(exactly: number)
        case .bool(let flag): flag ? 1 : 0
        default: nil
        }
    }

    /// The value in an error message, as printing the value `JSONSerialization` gave showed it.
    var description: String {
        switch self {
        case .null: "<null>"
        case .bool(let flag): String(flag)
        case .number(let number): JSONValue.numberText(number)
        case .string(let text): text
        case .array(let values): "[\(values.map(\.quoted).joined(separator: ", "))]"
        case .object(let members): "[\(members.map { "\"\($0.key)\": \($0.value.quoted)" }.joined(separator: ", "))]"
        }
    }

    /// The value as flarelog writes JSON (object members in key order: only their values matter here).
    var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let values): .array(values.map(\.jsonValue))
        case .object(let members):
            .object(
                members.sorted { $0.key < $1.key }.reduce(into: JSONObject()) { object, member in
                    object[member.key] = member.value.jsonValue
                })
        }
    }

    private var quoted: String {
        if case .string(let text) = self { return "\"\(text)\"" }
        return description
    }
}

/// A JSON record of the flarelog export; CSV column names map onto its keys.
struct FlarelogJSONRecord: ExchangeRecord {
    let record: String
    let object: [String: ImportedJSON]
    let location: String

    func place(_ column: String) -> SourcePlace { SourcePlace(location: location, column: column) }

    /// The JSON key of each CSV column, per record type.
    private static let keys: [String: [String: String]] = [
        "item": ["name": "name"],
        "entry": ["name": "item", "at": "occurred_at"],
        "flare": ["at": "started_at", "local_day": "start_day", "end_at": "ended_at"],
        "note": ["at": "occurred_at", "note": "text"],
        "trial": ["local_day": "start_day", "end_at": "stopped_at", "end_day": "stopped_day"],
        "assessment": ["name": "instrument", "at": "occurred_at", "value": "score"],
        "lab": ["at": "occurred_at"],
        "setting": [:],
    ]

    func text(_ column: ExchangeColumn) -> String? {
        if column == .record { return record }
        if column == .builtin { return object["builtin"]?.integer == 1 ? "1" : "0" }
        let key = Self.keys[record]?[column.name] ?? column.name
        switch object[key] {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return JSONValue.numberText(number)
        case .bool(let flag): return flag ? "1" : "0"
        case .array(let values):
            let regions = values.compactMap { value in
                if case .string(let region) = value { return region }
                return nil
            }
            return regions.isEmpty ? nil : ExchangeLayout.joinRegions(regions)
        case .object:
            // An assessment's answers, as the JSON text the CSV column holds.
            return object[key]?.jsonValue.compactText
        default: return nil
        }
    }
}

struct FlarelogJSONReader {
    let session: ImportSession

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        let document: ImportedJSON
        do {
            document = try JSONDecoder().decode(ImportedJSON.self, from: Data(bytes))
        } catch {
            session.problem(SourcePlace(location: "1", column: "-"), "not valid JSON")
            return
        }
        guard case .object(let root) = document, case .string(ExchangeLayout.formatName) = root["format"] else {
            session.problem(
                SourcePlace(location: "1", column: "format"),
                "this is not a flarelog export (no \"format\": \"\(ExchangeLayout.formatName)\")")
            return
        }
        guard let version = root["version"]?.integer, version <= ExchangeLayout.version else {
            session.problem(
                SourcePlace(location: "1", column: "version"),
                "made by a newer flarelog (version \(root["version"]?.description ?? "?")); upgrade flarelog")
            return
        }
        let records = FlarelogRecordImporter(session: session)
        let arrays = [
            ("items", "item"), ("flares", "flare"), ("entries", "entry"), ("notes", "note"), ("trials", "trial"),
            ("assessments", "assessment"), ("labs", "lab"),
        ]
        for (key, record) in arrays {
            guard case .array(let values) = root[key] else { continue }
            for (index, value) in values.enumerated() where !session.stopped {
                session.countRow()
                let location = "\(key)[\(index)]"
                guard case .object(let object) = value else {
                    session.problem(SourcePlace(location: location, column: "-"), "not an object")
                    continue
                }
                try records.add(FlarelogJSONRecord(record: record, object: object, location: location))
            }
        }
        guard case .object(let settings) = root["settings"] else { return }
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            session.countRow()
            try records.add(
                FlarelogJSONRecord(
                    record: "setting", object: ["name": .string(key), "value": value], location: "settings.\(key)"))
        }
    }
}
