/// Reading the interchange CSV files of §1.1-§1.2 (RFC 4180 quoting, UTF-8).
public enum AnalysisCSV {
    /// Splits RFC 4180 text into records of fields, with the 1-based line where each record starts.
    ///
    /// - Throws: `AnalysisError.malformedCSV` for a stray or unterminated quote.
    static func records(_ text: String) throws(AnalysisError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var quotedField = false
        var line = 1
        var recordLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            quotedField = false
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !quotedField else { throw .malformedCSV(line: line, why: "unexpected quote") }
                inQuotes = true
                quotedField = true
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                quotedField = false
            case "\r" where index < scalars.count && scalars[index] == "\n":
                break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                guard !quotedField else { throw .malformedCSV(line: line, why: "text after a closing quote") }
                field.append(scalar)
            }
        }
        guard !inQuotes else { throw .malformedCSV(line: recordLine, why: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }

    private static func body(_ text: String, header: [String]) throws(AnalysisError) -> [(Int, [String])] {
        let all = try records(text)
        guard let first = all.first, first.fields == header else {
            throw .malformedCSV(line: 1, why: "the header must be exactly \(header.joined(separator: ","))")
        }
        var rows: [(Int, [String])] = []
        for record in all.dropFirst() {
            guard record.fields.count == header.count else {
                throw .malformedCSV(line: record.line, why: "expected \(header.count) fields")
            }
            rows.append((record.line, record.fields))
        }
        return rows
    }

    /// Parses an entries file (`occurred_at,local_day,kind,name,value`); kinds and days are checked later by
    /// `DailyData.aggregating`.
    ///
    /// - Throws: `AnalysisError.malformedCSV` for bad CSV or a value that is not a number.
    public static func entries(_ text: String) throws(AnalysisError) -> [SpecEntry] {
        var entries: [SpecEntry] = []
        for (line, fields) in try body(text, header: ["occurred_at", "local_day", "kind", "name", "value"]) {
            guard let value = Double(fields[4]) else {
                throw .malformedCSV(line: line, why: "'\(fields[4])' is not a number")
            }
            entries.append(
                SpecEntry(occurredAt: fields[0], localDay: fields[1], kind: fields[2], name: fields[3], value: value))
        }
        return entries
    }

    /// Parses a metadata file (`kind,name,value_type,aggregate`), filling an empty aggregate with its default.
    ///
    /// - Throws: `AnalysisError.malformedCSV` for bad CSV or an unknown kind, value type or aggregate.
    public static func metadata(_ text: String) throws(AnalysisError) -> [AnalysisItem] {
        var items: [AnalysisItem] = []
        for (line, fields) in try body(text, header: ["kind", "name", "value_type", "aggregate"]) {
            guard let kind = ItemKind(rawValue: fields[0]) else {
                throw .malformedCSV(line: line, why: "unknown kind '\(fields[0])'")
            }
            guard let valueType = ValueType(rawValue: fields[2]) else {
                throw .malformedCSV(line: line, why: "unknown value type '\(fields[2])'")
            }
            let aggregate: Aggregate
            if fields[3].isEmpty {
                aggregate = AnalysisItem.defaultAggregate(kind: kind, valueType: valueType)
            } else if let parsed = Aggregate(rawValue: fields[3]) {
                aggregate = parsed
            } else {
                throw .malformedCSV(line: line, why: "unknown aggregate '\(fields[3])'")
            }
            items.append(AnalysisItem(kind: kind, name: fields[1], valueType: valueType, aggregate: aggregate))
        }
        return items
    }
}
