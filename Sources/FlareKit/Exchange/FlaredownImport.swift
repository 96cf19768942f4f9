import FoundationEssentials

/// What a Flaredown trackable becomes in flarelog.
enum FlaredownKind: String {
    case condition, symptom, treatment, tag, food, weather, hbi

    init?(type: String) {
        switch type.trimmed().lowercased() {
        case "condition", "conditions": self = .condition
        case "symptom", "symptoms": self = .symptom
        case "treatment", "treatments": self = .treatment
        case "tag", "tags": self = .tag
        case "food", "foods": self = .food
        case "weather": self = .weather
        case "hbi", "harvey bradshaw index", "harvey-bradshaw index": self = .hbi
        default: return nil
        }
    }
}

/// Turns one Flaredown value into entries, shared by the wide and the long reader.
struct FlaredownMapper {
    let session: ImportSession

    /// Adds the entries of `value` for trackable `name` of `kind` on `day`; problems go to `place`.
    func add(_ kind: FlaredownKind, name: String, value: String, day: LocalDay, uid: [String], place: SourcePlace)
        throws
    {
        let noon = 12 * 60
        func entry(
            _ itemKind: ItemKind, _ itemName: String, _ number: Double, note: String?, _ definition: NewItem,
            part: String = ""
        )
            throws
        {
            try session.add(
                session.foreignEntry(
                    uid + [part], kind: itemKind, name: itemName, value: number, day: day, minutes: noon, note: note,
                    definition: definition), place: place)
        }
        switch kind {
        case .condition, .symptom:
            guard !value.isEmpty else {
                session.report.rowsWithoutValue += 1
                return
            }
            guard let level = ForeignText.number(value), (0...4).contains(level) else {
                session.problem(place, "'\(value)' is not a severity 0 to 4")
                return
            }
            try entry(
                .symptom, name, ForeignText.severity(level), note: nil,
                NewItem(kind: .symptom, name: name, valueType: .scale, min: 0, max: 10))
        case .treatment:
            let existing = try session.existingItem(.intervention, name)
            // "8.0 mg" is an amount: a quantity in mg, unless the catalog already holds this treatment as yes/no.
            if let dose = Self.dose(value), existing.map({ $0.valueType == .quantity && $0.unit == dose.unit }) ?? true
            {
                try entry(
                    .intervention, name, dose.amount, note: nil,
                    NewItem(kind: .intervention, name: name, valueType: .quantity, unit: dose.unit, min: 0))
                return
            }
            let lower = value.lowercased()
            if existing?.valueType == .quantity {
                // A treatment recorded in amounts: "Not taken" is 0, any other text is kept as a note.
                if lower == "not taken" {
                    try entry(
                        .intervention, name, 0, note: nil,
                        NewItem(kind: .intervention, name: name, valueType: .quantity))
                } else {
                    session.keepNote(
                        "\(name): \(value)", day: day, minutes: noon, line: Int(place.location) ?? 0, uid: uid)
                }
                return
            }
            let taken: Double = lower == "not taken" ? 0 : 1
            let note = value.isEmpty || lower == "taken" || lower == "not taken" ? nil : "dose: \(value)"
            try entry(
                .intervention, name, taken, note: note, NewItem(kind: .intervention, name: name, valueType: .boolean))
        case .tag, .food:
            try entry(.trigger, name, 1, note: nil, NewItem(kind: .trigger, name: name, valueType: .boolean))
        case .weather:
            guard !value.isEmpty else {
                session.report.rowsWithoutValue += 1
                return
            }
            let itemName = "weather " + name.lowercased().replacingEvery("_", with: " ")
            if let number = ForeignText.number(value) {
                try entry(
                    .trigger, itemName, number, note: nil,
                    NewItem(
                        kind: .trigger, name: itemName, valueType: .quantity, unit: Self.weatherUnit(itemName),
                        aggregate: .mean))
            } else {
                session.keepNote(
                    "\(itemName): \(value)", day: day, minutes: noon, line: Int(place.location) ?? 0, uid: uid)
            }
        case .hbi:
            guard !value.isEmpty else {
                session.report.rowsWithoutValue += 1
                return
            }
            guard let number = ForeignText.number(value), number >= 0 else {
                session.problem(place, "'\(value)' is not a Harvey-Bradshaw index")
                return
            }
            try entry(
                .symptom, "Harvey-Bradshaw index", number, note: nil,
                NewItem(kind: .symptom, name: "Harvey-Bradshaw index", valueType: .scale, min: 0))
        }
    }

    /// `8.0 mg`, `10mg`, `2 tablets`: an amount and its unit (a bare number or "2 x 200mg" is no dose).
    static func dose(_ text: String) -> (amount: Double, unit: String)? {
        guard let match = text.trimmed().wholeMatch(of: /([0-9]+(?:[.,][0-9]+)?)\s*([A-Za-zµμ%]+)/),
            let amount = ForeignText.number(String(match.1))
        else { return nil }
        return (amount, String(match.2))
    }

    /// The unit of a Flaredown weather value as it exports them (Dark Sky's US units); nil for none.
    static func weatherUnit(_ itemName: String) -> String? {
        if itemName.contains("temperature") { return "°F" }
        if itemName.contains("pressure") { return "mbar" }
        if itemName.contains("precip") { return "in/h" }
        return nil
    }

    /// A Tags or Foods cell: names separated by `;` (Flaredown writes "; ").
    static func names(_ cell: String) -> [String] {
        cell.split(separator: ";").map { $0.trimmed() }.filter { !$0.isEmpty }
    }
}

/// Flaredown's wide `data.csv`: `Date`, one column per trackable, `Tags`, `Foods` (README, "flaredown").
struct FlaredownWideReader {
    let session: ImportSession

    /// Column names Flaredown's weather records use, recognised without a `Weather:` prefix.
    static let weatherColumns: Set<String> = [
        "icon", "summary", "temperature min", "temperature max", "temperature_min", "temperature_max",
        "precip intensity", "precip_intensity", "pressure", "humidity",
    ]

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        guard let table = ForeignTable(bytes, session: session) else { return }
        guard table.header.first == "date" else {
            session.problem(
                line: 1, column: "Date", "the first column must be Date; is this a Flaredown data.csv? check --from")
            return
        }
        var columns: [(index: Int, kind: FlaredownKind?, name: String)] = []
        for index in 1..<table.header.count {
            let (kind, name) = try classify(table.originalHeader[index], index: index, table: table)
            columns.append((index, kind, name))
        }
        for row in table.rows where !session.stopped {
            session.countRow()
            session.beginForeignRow(row)
            let dateText = ForeignTable.field(row, 0)
            guard let day = LocalDay(dateText) ?? ForeignText.day(dateText) else {
                session.problem(line: row.line, column: "Date", "'\(dateText)' is not a date YYYY-MM-DD")
                continue
            }
            session.foreignRowDay(day)
            for column in columns where !session.stopped {
                let cell = ForeignTable.field(row, column.index)
                guard !cell.isEmpty, let kind = column.kind else { continue }
                let place = SourcePlace(location: String(row.line), column: column.name)
                let uid = ["flaredown", session.options.user ?? "", day.description, kind.rawValue, column.name]
                if kind == .tag || kind == .food {
                    for name in FlaredownMapper.names(cell) {
                        try FlaredownMapper(session: session).add(
                            kind, name: name, value: "", day: day, uid: uid + [name], place: place)
                    }
                } else {
                    try FlaredownMapper(session: session).add(
                        kind, name: column.name, value: cell, day: day, uid: uid + [cell], place: place)
                }
            }
        }
    }

    /// The kind of a column: its `Kind:` prefix, Tags/Foods, a weather name, the catalog, or its values
    /// (all numbers 0–4: a symptom; any Taken/Not Taken or other text: a treatment).
    private func classify(_ header: String, index: Int, table: ForeignTable) throws -> (FlaredownKind?, String) {
        if let colon = header.firstIndex(of: ":"), let kind = FlaredownKind(type: String(header[..<colon])) {
            return (kind, header[header.index(after: colon)...].trimmed())
        }
        let lower = header.lowercased()
        if lower == "tags" { return (.tag, header) }
        if lower == "foods" { return (.food, header) }
        if Self.weatherColumns.contains(lower) { return (.weather, header) }
        if let kind = FlaredownKind(type: lower), kind == .hbi { return (.hbi, header) }
        if try session.existingItem(.symptom, header) != nil { return (.symptom, header) }
        if try session.existingItem(.intervention, header) != nil { return (.treatment, header) }
        let values = table.rows.map { ForeignTable.field($0, index) }.filter { !$0.isEmpty }
        guard !values.isEmpty else { return (nil, header) }
        let numeric = values.allSatisfy { ForeignText.number($0).map { (0...4).contains($0) } ?? false }
        return (numeric ? .symptom : .treatment, header)
    }
}

/// Flaredown's long research export: one trackable per row, several users per file.
struct FlaredownLongReader {
    let session: ImportSession
    static let header = [
        "user_id", "age", "sex", "country", "checkin_date", "trackable_id", "trackable_type", "trackable_name",
        "trackable_value",
    ]

    func read(_ bytes: UnsafeRawBufferPointer) throws {
        guard let table = ForeignTable(bytes, session: session) else { return }
        let missing = Self.header.filter { table.index(of: $0) == nil }
        guard missing.isEmpty else {
            session.problem(
                line: 1, column: missing.joined(separator: ", "),
                "missing from the header; is this a Flaredown long export? check --from")
            return
        }
        func column(_ name: String) -> Int? { table.index(of: name) }
        var users: [String] = []
        for row in table.rows {
            let user = ForeignTable.field(row, column("user_id"))
            if !users.contains(user) { users.append(user) }
        }
        let listed = users.map { "'\($0)'" }.joined(separator: ", ")
        if let wanted = session.options.user {
            guard users.contains(wanted) else {
                throw FlareError.badData("\(session.file) has no user '\(wanted)'; its users are \(listed)")
            }
        } else if users.count > 1 {
            throw FlareError.badData(
                "\(session.file) holds \(users.count) users (\(listed)); pick one with --user ID")
        }
        let user = session.options.user ?? users.first ?? ""
        for row in table.rows where !session.stopped {
            guard ForeignTable.field(row, column("user_id")) == user else { continue }
            session.countRow()
            session.beginForeignRow(row)
            let dateText = ForeignTable.field(row, column("checkin_date"))
            guard let day = LocalDay(dateText) ?? ForeignText.day(dateText) else {
                session.problem(line: row.line, column: "checkin_date", "'\(dateText)' is not a date YYYY-MM-DD")
                continue
            }
            session.foreignRowDay(day)
            let type = ForeignTable.field(row, column("trackable_type"))
            let name = ForeignTable.field(row, column("trackable_name"))
            let value = ForeignTable.field(row, column("trackable_value"))
            guard !name.isEmpty else {
                session.problem(line: row.line, column: "trackable_name", "is empty")
                continue
            }
            let uid = [
                "flaredown-long", user, day.description, type, ForeignTable.field(row, column("trackable_id")), name,
                value,
            ]
            let place = SourcePlace(location: String(row.line), column: "trackable_value")
            guard let kind = FlaredownKind(type: type) else {
                // A trackable type flarelog does not know is kept as a note.
                let note = "\(type): \(name)" + (value.isEmpty ? "" : " (\(value))")
                session.keepNote(note, day: day, minutes: 12 * 60, line: row.line, uid: uid)
                continue
            }
            try FlaredownMapper(session: session).add(kind, name: name, value: value, day: day, uid: uid, place: place)
        }
    }
}
