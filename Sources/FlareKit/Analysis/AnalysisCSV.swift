// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
/// Reading the interchange CSV files of §1.1-§1.2 (RFC 4180 quoting, UTF-8).
public enum AnalysisCSV {
    /// Splits RFC 4180 text into records of fields, with the 1-based line where each record starts
    /// (the import's reader, so both read CSV alike).
    ///
    /// - Throws: `AnalysisError.malformedCSV` for a stray or unterminated quote.
    static func records(_ text: String) throws(AnalysisError) -> [(line: Int, fields: [String])] {
        let bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeBytes { buffer -> Result<[(line: Int, fields: [String])], CSVReader.SyntaxError> in
            var reader = CSVReader(bytes: buffer)
            var fields: [CSVReader.Field] = []
            var records: [(line: Int, fields: [String])] = []
            do throws(CSVReader.SyntaxError) {
                while try reader.next(into: &fields) {
                    records.append((reader.recordLine, fields.map(reader.string)))
                }
            } catch {
                return .failure(error)
            }
            return .success(records)
        }
        switch parsed {
        case .success(let records): return records
        case .failure(let error): throw .malformedCSV(line: error.line, why: error.reason)
        }
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
            guard let value = ValueText.read(fields[4]) else {
                throw .malformedCSV(line: line, why: "'\(fields[4])' is not a number")
            }
            entries.append(
                SpecEntry(occurredAt: fields[0], localDay: fields[1], kind: fields[2], name: fields[3], value: value))
        }
        return entries
    }

    /// Parses a metadata file (`kind,name,value_type,aggregate,direction,min,max`), filling an empty aggregate
    /// with its default and an empty direction with worse-when-higher; empty bounds are none.
    ///
    /// - Throws: `AnalysisError.malformedCSV` for bad CSV, an unknown kind, value type, aggregate or direction,
    ///   or a bound that is not a number.
    public static func metadata(_ text: String) throws(AnalysisError) -> [AnalysisItem] {
        var items: [AnalysisItem] = []
        let header = ["kind", "name", "value_type", "aggregate", "direction", "min", "max"]
        for (line, fields) in try body(text, header: header) {
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
            guard let direction = fields[4].isEmpty ? .worseWhenHigher : Direction(rawValue: fields[4]) else {
                throw .malformedCSV(line: line, why: "unknown direction '\(fields[4])'")
            }
            var bounds: [Double?] = []
            for field in fields[5...6] {
                guard field.isEmpty || ValueText.read(field) != nil else {
                    throw .malformedCSV(line: line, why: "'\(field)' is not a number")
                }
                bounds.append(ValueText.read(field))
            }
            items.append(
                AnalysisItem(
                    kind: kind, name: fields[1], valueType: valueType, aggregate: aggregate, direction: direction,
                    min: bounds[0], max: bounds[1]))
        }
        return items
    }
}
