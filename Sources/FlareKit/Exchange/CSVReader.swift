/// A byte-level RFC 4180 reader over a buffer that holds a whole file (read by `Importer.importFile`).
///
/// Handles what spreadsheets and phone apps write: a UTF-8 byte order mark, CRLF, LF or bare CR line
/// ends, quoted fields holding commas, doubled quotes and line breaks, and empty cells. Blank lines are
/// skipped. It copies nothing until a field's text is asked for.
///
/// Why not a library: `Benchmarks/csv-parsers` reads a 1,000,000-row, 23-column flarelog export (169 MB, from
/// `Benchmarks/entries.awk`) turning every field into a `String`. Two runs on a shared 2-core machine: this
/// reader 2.1 s and 1.1 s; yaslab/CSV.swift 2.5.2 (streaming) 28.7 s and 23.1 s; swiftcsv/SwiftCSV 0.10.0
/// (the file as one `String`, then every row) 27.6 s and 33.0 s. All three agreed on records and bytes.
/// The import itself makes Strings of few fields, so the gap there is larger still.
struct CSVReader {
    /// Where a field's bytes are, and whether they need unescaping (`""` inside a quoted field).
    struct Field {
        var start: Int
        var end: Int
        var hasDoubledQuote: Bool
    }

    /// A malformed record: the 1-based line and column (field number) where it went wrong.
    struct SyntaxError: Error {
        let line: Int
        let field: Int
        let reason: String
    }

    let bytes: UnsafeRawBufferPointer
    private var position: Int
    /// The 1-based line where the next record starts.
    private(set) var line = 1
    /// The line where the latest record started.
    private(set) var recordLine = 1

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // A UTF-8 byte order mark (EF BB BF), as Excel writes, is not part of the first header.
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Reads the next non-blank record into `fields` (cleared first). Returns false at the end.
    mutating func next(into fields: inout [Field]) throws(SyntaxError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        while position < count {
            recordLine = line
            // A blank line (LF, CRLF or CR alone) holds no record.
            let first = bytes[position]
            if first == 0x0A || first == 0x0D {
                position += first == 0x0D && position + 1 < count && bytes[position + 1] == 0x0A ? 2 : 1
                line += 1
                continue
            }
            try readRecord(into: &fields)
            return true
        }
        return false
    }

    private mutating func readRecord(into fields: inout [Field]) throws(SyntaxError) {
        let count = bytes.count
        while true {
            if position < count && bytes[position] == 0x22 {
                // Quoted field: runs to the quote that is not doubled.
                position += 1
                let start = position
                var doubled = false
                while true {
                    guard position < count else {
                        throw SyntaxError(
                            line: recordLine, field: fields.count + 1, reason: "a quoted field is never closed")
                    }
                    let byte = bytes[position]
                    if byte == 0x22 {
                        if position + 1 < count && bytes[position + 1] == 0x22 {
                            doubled = true
                            position += 2
                            continue
                        }
                        break
                    }
                    if byte == 0x0A || (byte == 0x0D && !(position + 1 < count && bytes[position + 1] == 0x0A)) {
                        line += 1
                    }
                    position += 1
                }
                fields.append(Field(start: start, end: position, hasDoubledQuote: doubled))
                position += 1
                guard position < count else { return }
                switch bytes[position] {
                case 0x2C:
                    position += 1
                    continue
                case 0x0A:
                    position += 1
                    line += 1
                    return
                case 0x0D:
                    position += position + 1 < count && bytes[position + 1] == 0x0A ? 2 : 1
                    line += 1
                    return
                default:
                    throw SyntaxError(
                        line: recordLine, field: fields.count,
                        reason: "unexpected text after a closing quote (a quote inside a field must be doubled)")
                }
            }
            // Unquoted field: runs to the next comma or line end.
            let start = position
            while position < count {
                let byte = bytes[position]
                if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
                position += 1
            }
            fields.append(Field(start: start, end: position, hasDoubledQuote: false))
            guard position < count else { return }
            let byte = bytes[position]
            position += 1
            // After a comma comes another field, even at the very end of the input.
            if byte == 0x2C { continue }
            if byte == 0x0D && position < count && bytes[position] == 0x0A { position += 1 }
            line += 1
            return
        }
    }

    /// The text of `field`, with doubled quotes made single.
    func string(_ field: Field) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.hasDoubledQuote else { return String(decoding: slice, as: UTF8.self) }
        // Doubled quotes become single ones: copy, skipping the second quote of each pair.
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(slice.count)
        var skipNext = false
        for byte in slice {
            if skipNext {
                skipNext = false
                continue
            }
            unescaped.append(byte)
            if byte == 0x22 { skipNext = true }
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// True when the field holds no bytes at all.
    func isEmpty(_ field: Field) -> Bool { field.start == field.end }
}
