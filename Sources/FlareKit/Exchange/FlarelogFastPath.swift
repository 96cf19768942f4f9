import SQLite

/// The fast path for the common row of a large flarelog CSV: a live or deleted entry of a known item, with
/// no regions or regions as flarelog writes them. Fields are checked and staged straight from the file's
/// bytes, without making Strings. A row it cannot take as is (a new item, regions to normalize, anything
/// invalid) goes the general way, which also reports problems, so both paths accept and refuse exactly the
/// same rows.
struct FlarelogFastPath {
    private struct KnownItem {
        let kind: ItemKind
        let spelling: [UInt8]
        let item: Item
    }

    private let session: ImportSession
    private var known: [KnownItem] = []
    private let columns: [Int]

    init(session: ImportSession, columns: [Int]) {
        self.session = session
        self.columns = columns
    }

    private static let entryWord = Array("entry".utf8)
    private static let kindWords: [(ItemKind, [UInt8])] = ItemKind.allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// Stages the row and returns true, or returns false to hand it to the general path.
    mutating func stage(_ reader: CSVReader, _ fields: [CSVReader.Field]) throws -> Bool {
        guard session.problems.isEmpty else { return false }
        func field(_ column: ExchangeColumn) -> CSVReader.Field? {
            let index = columns[column.position]
            return index >= 0 ? fields[index] : nil
        }
        func bytes(_ field: CSVReader.Field) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: reader.bytes[field.start..<field.end])
        }
        guard let record = field(.record), !record.hasDoubledQuote, bytes(record).elementsEqual(Self.entryWord),
            let kindField = field(.kind), let nameField = field(.name), !nameField.hasDoubledQuote,
            let uid = field(.uid), !uid.hasDoubledQuote, uid.end > uid.start,
            let at = field(.at), ExchangeLayout.isTimestamp(bytes(at)),
            let offsetField = field(.utcOffsetMin), let offset = Self.integer(bytes(offsetField)),
            (-1440...1440).contains(offset),
            let day = field(.localDay), ExchangeLayout.isDay(bytes(day)),
            let valueField = field(.value), let value = Self.number(bytes(valueField)),
            let regions = field(.regions).map({ $0.hasDoubledQuote ? nil : Self.regions(bytes($0)) }) ?? [],
            let created = field(.createdAt), ExchangeLayout.isTimestamp(bytes(created)),
            let updated = field(.updatedAt), ExchangeLayout.isTimestamp(bytes(updated))
        else { return false }
        let deleted = field(.deletedAt).flatMap { $0.end > $0.start ? $0 : nil }
        if let deleted, !ExchangeLayout.isTimestamp(bytes(deleted)) { return false }
        let kindBytes = bytes(kindField)
        guard let kind = Self.kindWords.first(where: { kindBytes.elementsEqual($0.1) })?.0 else { return false }
        let nameBytes = bytes(nameField)
        guard let item = try item(kind, nameBytes) else { return false }
        guard (try? item.validate(value)) != nil else { return false }
        let base = fields[0].start
        func text(_ field: CSVReader.Field) -> StagedEntries.Text? {
            StagedEntries.Text(file: field.start..<field.end, base: base)
        }
        var note = StagedEntries.Text.null
        let arenaBase = session.staged.arenaEnd
        if let noteField = field(.note), noteField.end > noteField.start {
            // Unescaped, the note's bytes are no longer the file's: they go to the arena.
            let copy =
                noteField.hasDoubledQuote
                ? session.staged.copy(reader.string(noteField).utf8, base: arenaBase) : text(noteField)
            guard let copy else { return false }
            note = copy
        }
        guard let uidText = text(uid), let atText = text(at), let dayText = text(day),
            let createdText = text(created), let updatedText = text(updated),
            let deletedText = deleted.map(text) ?? .null
        else { return false }
        var row = StagedEntries.Row(
            fileBase: base, arenaBase: arenaBase, itemID: item.id, value: value, uid: uidText, occurredAt: atText,
            localDay: dayText, note: note, createdAt: createdText, updatedAt: updatedText, deletedAt: deletedText,
            utcOffsetMinutes: Int16(offset), kindIndex: UInt8(ImportSession.index(kind)))
        if !regions.isEmpty { row.regions = session.staged.add(regions: regions) }
        try session.stage(row)
        return true
    }

    private static let regionWords = BodyRegion.acr2016.map { ($0, Array($0.utf8)) }

    /// The regions of a field as export writes them: ACR 2016 regions, each once, separated by `;`. Nil for
    /// anything else (the person's own words, another spelling), which `BodyRegion.normalized` handles.
    private static func regions(_ field: UnsafeRawBufferPointer) -> [String]? {
        guard !field.isEmpty else { return [] }
        var regions: [String] = []
        for part in field.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            guard let region = regionWords.first(where: { part.elementsEqual($0.1) })?.0, !regions.contains(region)
            else { return nil }
            regions.append(region)
        }
        return regions
    }

    /// The item of `kind` spelled exactly `name`, if the general path has met it already.
    private mutating func item(_ kind: ItemKind, _ name: UnsafeRawBufferPointer) throws -> Item? {
        for entry in known where entry.kind == kind && name.elementsEqual(entry.spelling) { return entry.item }
        let spelling = String(decoding: name, as: UTF8.self)
        guard let item = session.itemsBySpelling[ImportSession.index(kind)][spelling] else { return nil }
        // A handful of items fill most files; past 64 spellings the general path's dictionary is as good.
        if known.count < 64 { known.append(KnownItem(kind: kind, spelling: Array(name), item: item)) }
        return item
    }

    /// A decimal integer with an optional minus sign.
    private static func integer(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 6 else { return nil }
        var negative = false
        var value = 0
        for (offset, byte) in bytes.enumerated() {
            if offset == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    /// A finite number as `ValueText.read` reads it.
    private static func number(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 32 else { return nil }
        guard let value = ValueText.read(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
