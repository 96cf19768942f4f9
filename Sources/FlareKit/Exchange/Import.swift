import FoundationEssentials
import Glibc
import SQLite

/// Where an import file comes from.
public enum ImportSource: String, CaseIterable, Sendable {
    /// flarelog's own export, CSV or JSON (told apart by the first character).
    case flarelog
    /// Bearable's long CSV: one reading per row.
    case bearable
    /// Flaredown's wide `data.csv`: one row per day, one column per condition, symptom or treatment.
    case flaredown
    /// Flaredown's long research CSV: one trackable per row, several users per file.
    case flaredownLong = "flaredown-long"
    /// Daylio's CSV: one mood (5 labels), activities and a note per row.
    case daylio
    /// Visible's long CSV: one tracker's value per row.
    case visible
}

/// How `flarelog import` reads and writes.
public struct ImportOptions: Sendable {
    public var source: ImportSource
    /// Which user of a Flaredown long file to import.
    public var user: String?
    /// Count what would be imported, write nothing.
    public var dryRun: Bool
    /// Another app's file all or nothing, as flarelog's own: a row that fits no entry refuses the import,
    /// instead of becoming a note or being listed as skipped.
    public var strict: Bool
    /// Daylio's mood labels as the person renamed them, best first (nil: rad, good, meh, bad, awful).
    public var moodLabels: [String]?
    /// The person's zone, for files that hold only dates or wall times.
    public var timeZone: Zone
    /// `created_at` of what the import creates.
    public var now: String
    /// What opens an age-encrypted file (`export --encrypt`); it is decrypted in memory.
    public var passphrase: Passphrase?

    public init(
        source: ImportSource, user: String? = nil, dryRun: Bool = false, strict: Bool = false, timeZone: Zone,
        now: String
    ) {
        self.source = source
        self.user = user
        self.dryRun = dryRun
        self.strict = strict
        self.timeZone = timeZone
        self.now = now
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportReport: Sendable, Equatable {
    public struct CreatedItem: Sendable, Equatable {
        public let kind: ItemKind
        public let name: String
        public let valueType: ValueType
        public let unit: String?
    }

    /// An item the import created whose name looks like one the catalog had: the same name in another kind
    /// ("Stress" the symptom, "stress" the trigger), or a near spelling in the same kind.
    public struct LookAlike: Sendable, Equatable {
        public let kind: ItemKind
        public let name: String
        public let otherKind: ItemKind
        public let otherName: String
    }

    public var dryRun = false
    /// The file, as given.
    public var file = ""
    /// Data rows read from the file (CSV records after the header, or JSON records).
    public var rows = 0
    /// Rows of another app that fit no entry and were kept as notes (their text, file and line), with why.
    public var rowsKeptAsNotes: [ImportProblem] = []
    /// Rows of another app that could be neither an entry nor a note (no date to put them on), with why.
    public var rowsSkipped: [ImportProblem] = []
    public var lookAlikes: [LookAlike] = []
    public var entriesCreated: [ItemKind: Int] = [:]
    /// Entries whose uid was already in the database (or earlier in the file).
    public var entriesSkipped: [ItemKind: Int] = [:]
    public var itemsCreated: [CreatedItem] = []
    public var flaresCreated = 0
    public var flaresSkipped = 0
    public var settingsCreated = 0
    public var settingsSkipped = 0
    public var notesCreated = 0
    /// Notes whose uid was already in the database (or earlier in the file).
    public var notesSkipped = 0
    public var trialsCreated = 0
    /// Trials whose uid was already in the database (or earlier in the file).
    public var trialsSkipped = 0
    public var assessmentsCreated = 0
    /// Assessments whose uid was already in the database (or earlier in the file).
    public var assessmentsSkipped = 0
    public var labsCreated = 0
    /// Lab results whose uid was already in the database (or earlier in the file).
    public var labsSkipped = 0
    /// Rows that carry nothing to import (an empty severity, say).
    public var rowsWithoutValue = 0

    public var totalCreated: Int { entriesCreated.values.reduce(0, +) }
    public var totalSkipped: Int { entriesSkipped.values.reduce(0, +) }
}

/// One bad row: where it is and what is wrong, printed as `FILE:LINE: column C: reason`.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// The line number (CSV) or the record's place (JSON, e.g. `entries[3]`).
    public let location: String
    public let column: String
    public let reason: String

    public var description: String { "\(file):\(location): column \(column): \(reason)" }
}

/// An import refused because of bad rows; nothing was written.
public struct ImportFailure: Error, Sendable {
    public let file: String
    public let problems: [ImportProblem]
    /// True when reading stopped at the limit, so there may be more.
    public let stoppedEarly: Bool

    /// The closing one-line error.
    public var error: FlareError {
        let count = stoppedEarly ? "at least \(problems.count)" : "\(problems.count)"
        let noun = problems.count == 1 && !stoppedEarly ? "bad row" : "bad rows"
        return FlareError(.badData, "\(count) \(noun) in \(file); nothing was imported")
    }
}

/// Reads a file of another app (or flarelog's export) into the database in one transaction.
public enum Importer {
    /// Bad rows collected before an import stops reading.
    public static let problemLimit = 20

    /// Imports `file` into the database at `databasePath`: all rows or none.
    ///
    /// A dry run works on the real database inside a transaction it rolls back; when the database does
    /// not exist yet, it works on a fresh one in a temporary folder, so it never creates `databasePath`.
    /// - Parameter progress: called every 100,000 rows with the rows read so far.
    /// - Throws: `ImportFailure` for bad rows, `FlareError` for anything else.
    /// The bytes of `file`; an age file's plaintext, decrypted in memory (none of it goes to disk).
    private static func readInput(_ file: String, passphrase: Passphrase?) throws -> [UInt8] {
        guard AgeFormat.isEncrypted(file) else { return try readWholeFile(file) }
        guard let passphrase else { throw FlareError(.usage, "\(file) is encrypted; give its passphrase to import it") }
        return try EncryptedFile.opening(file, what: "export") { try EncryptedFile.decrypt(file, passphrase) }
    }

    public static func importFile(
        _ file: String, databasePath: String, options: ImportOptions, progress: ((Int) -> Void)? = nil
    ) throws -> ImportReport {
        let data = try readInput(file, passphrase: options.passphrase)
        var temporaryFolder: String?
        defer { if let temporaryFolder { try? FileManager.default.removeItem(atPath: temporaryFolder) } }
        var path = databasePath
        if options.dryRun && !FileManager.default.fileExists(atPath: databasePath) {
            Leftovers.removeStale(.dryRun, in: temporaryDirectory())
            guard let folder = makeTemporaryFolder(prefix: LeftoverKind.dryRun.ownPrefix) else {
                throw FlareError(
                    .cannotCreate, "cannot create a temporary folder for the dry run: \(FlareError.errnoText(errno))")
            }
            temporaryFolder = folder
            path = folder + "/flarelog.db"
        }
        // Whether this import created the database (not whether it existed a moment ago: another process
        // may create it in between, and its data must never be removed with a refused import).
        var isNew = false
        do {
            let database = try Database(path: path, access: .write)
            isNew = database.created
            // A database this import creates has no other user yet: fill it with a rollback journal, which
            // writes each page once, where the write-ahead log writes it twice (log, then checkpoint).
            // Pages past the file's original end need no journal (https://sqlite.org/atomiccommit.html),
            // so a crash still leaves the empty database. Write-ahead logging comes back at the end.
            if isNew { try database.setJournal(writeAhead: false) }
            let report = try data.withUnsafeBytes { bytes in
                try database.importBytes(bytes, file: file, options: options, progress: progress)
            }
            if isNew { try database.setJournal(writeAhead: true) }
            return report
        } catch {
            // A refused import leaves no trace: not even the database it had to create, unless another
            // process has written to it meanwhile.
            if isNew { Database.removeIfUnused(path) }
            throw error
        }
    }
}

extension Database {
    /// Switches between write-ahead logging (flarelog's mode) and a rollback journal, outside transactions.
    fileprivate func setJournal(writeAhead: Bool) throws {
        do {
            if writeAhead {
                try connection.useWriteAheadLog()
            } else {
                _ = try connection.scalar("PRAGMA journal_mode = DELETE", as: String.self)
            }
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }

    /// Before a large import into a small entry table, drops the entry table's secondary indexes and returns
    /// the SQL that recreates them (run before commit, in the same transaction): building an index once by
    /// sorting is faster than updating it row by row. The uid index stays, since it enforces uniqueness.
    fileprivate func deferEntryIndexes(importBytes: Int) throws -> [String] {
        let existing = try connection.scalar("SELECT count(*) FROM entry", as: Int.self) ?? 0
        // About 150 bytes a row: defer when the file holds at least ~10,000 rows and more than the table.
        guard importBytes >= 1_500_000, existing * 150 < importBytes else { return [] }
        let indexes = try connection.rows(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'entry' AND sql IS NOT NULL"
        ) { ($0.column(0, as: String.self), $0.column(1, as: String.self)) }
        for (name, _) in indexes { try connection.execute("DROP INDEX \"\(name)\"") }
        return indexes.map(\.1)
    }
}

/// Thrown inside the transaction of a dry run so that it rolls back.
private struct DryRunRollback: Error {
    let report: ImportReport
}

extension Database {
    func importBytes(
        _ bytes: UnsafeRawBufferPointer, file: String, options: ImportOptions, progress: ((Int) -> Void)?
    ) throws -> ImportReport {
        do {
            return try write {
                // A bigger page cache (256 MiB) while the entries go in: they spread over the uid index of a
                // database that has entries already.
                try connection.execute("PRAGMA cache_size = -262144")
                defer { try? connection.execute("PRAGMA cache_size = -2000") }
                let session = ImportSession(
                    database: self, connection: connection, file: file, bytes: bytes, options: options,
                    progress: progress)
                let deferred = try deferEntryIndexes(importBytes: bytes.count)
                try session.run()
                try session.storeStaged()
                try session.storeNotes()
                try session.finish()
                // SQLite's default cache (2 MB) again before the deferred indexes are built: it also sets the
                // size of the runs that CREATE INDEX sorts before merging them, and runs that fit in the CPU
                // caches sort faster than one run of the whole table (https://sqlite.org/tempfiles.html).
                try connection.execute("PRAGMA cache_size = -2000")
                for sql in deferred { try connection.execute(sql) }
                if !session.problems.isEmpty {
                    throw ImportFailure(file: file, problems: session.problems, stoppedEarly: session.stopped)
                }
                session.report.dryRun = options.dryRun
                if options.dryRun { throw DryRunRollback(report: session.report) }
                return session.report
            }
        } catch let rollback as DryRunRollback {
            return rollback.report
        }
    }
}

/// An entry read from a file, ready to store.
struct PendingEntry {
    var uid: String
    var kind: ItemKind
    var itemName: String
    var value: Double
    var occurredAt: String
    var utcOffsetMinutes: Int
    var localDay: String
    var note: String?
    var regions: [String] = []
    var createdAt: String
    var updatedAt: String
    var deletedAt: String?
    /// How to create the item when the catalog has none of that kind and name (foreign formats).
    var definition: NewItem?
}

/// Where a value came from, for error messages.
struct SourcePlace {
    private let line: Int
    private let label: String?
    let column: String

    init(location: String, column: String) {
        line = 0
        label = location
        self.column = column
    }

    /// A CSV line: its number becomes text only when a problem is reported.
    init(line: Int, column: String) {
        self.line = line
        label = nil
        self.column = column
    }

    var location: String { label ?? String(line) }

    func with(column: String) -> SourcePlace {
        label.map { SourcePlace(location: $0, column: column) } ?? SourcePlace(line: line, column: column)
    }
}

/// The state of one import: item lookups, staged entries, counts and problems.
final class ImportSession {
    let database: Database
    let connection: Connection
    let file: String
    /// The file's bytes, read for the length of the import: staged entries point into them.
    let bytes: UnsafeRawBufferPointer
    let options: ImportOptions
    let progress: ((Int) -> Void)?
    var report = ImportReport()
    private(set) var problems: [ImportProblem] = []
    /// The row of another app being read, so that a problem with it keeps the row instead of refusing the file.
    private var foreignRow: (line: Int, text: String, day: LocalDay?, kept: Bool)?
    /// Notes waiting for `storeNotes`: problems are found where nothing may throw.
    private var pendingNotes: [(uid: String, day: LocalDay, minutes: Int, text: String, source: String)] = []
    /// True once `problemLimit` problems are collected: readers stop.
    private(set) var stopped = false
    private var items: [String: Item] = [:]
    /// Items by the name exactly as a row spells it, per kind: most rows skip name normalization.
    private(set) var itemsBySpelling: [[String: Item]] = [[:], [:], [:]]
    var created = [0, 0, 0]
    var skipped = [0, 0, 0]
    private var createdItemIDs: Set<Int64> = []
    /// Entries checked and waiting for `storeStaged`.
    var staged: StagedEntries

    init(
        database: Database, connection: Connection, file: String, bytes: UnsafeRawBufferPointer,
        options: ImportOptions, progress: ((Int) -> Void)?
    ) {
        self.database = database
        self.connection = connection
        self.file = file
        self.bytes = bytes
        staged = StagedEntries(file: bytes)
        self.options = options
        self.progress = progress
        report.file = file
    }

    /// Another app's rows are kept whatever they hold, unless `--strict`; flarelog's own format is always strict.
    var keepsEveryRow: Bool { !options.strict && options.source != .flarelog }

    /// The file's name without its folders, as a note's source names it.
    var fileName: String { file.split(separator: "/").last.map(String.init) ?? file }

    func run() throws {
        switch options.source {
        case .flarelog:
            if Self.looksLikeJSON(bytes) {
                try FlarelogJSONReader(session: self).read(bytes)
            } else {
                try FlarelogCSVReader(session: self).read(bytes)
            }
        case .bearable: try BearableReader(session: self).read(bytes)
        case .flaredown: try FlaredownWideReader(session: self).read(bytes)
        case .flaredownLong: try FlaredownLongReader(session: self).read(bytes)
        case .daylio: try DaylioReader(session: self).read(bytes)
        case .visible: try VisibleReader(session: self).read(bytes)
        }
    }

    private static func looksLikeJSON(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "{")
    }

    // MARK: - Problems

    func problem(_ place: SourcePlace, _ reason: String) {
        guard !stopped else { return }
        if keepsEveryRow, var row = foreignRow {
            // Only the first problem keeps the row; what else the row held still went in.
            guard !row.kept else { return }
            row.kept = true
            foreignRow = row
            let listed = ImportProblem(file: file, location: place.location, column: place.column, reason: reason)
            guard let day = row.day else {
                report.rowsSkipped.append(listed)
                return
            }
            report.rowsKeptAsNotes.append(listed)
            keepNote(row.text, day: day, minutes: 12 * 60, line: row.line, uid: ["row", row.text])
            return
        }
        problems.append(ImportProblem(file: file, location: place.location, column: place.column, reason: reason))
        if problems.count >= Importer.problemLimit { stopped = true }
    }

    func problem(line: Int, column: String, _ reason: String) {
        problem(SourcePlace(line: line, column: column), reason)
    }

    /// Starts a row of another app: its fields, kept as CSV text should the row fit no entry.
    func beginForeignRow(_ row: ForeignTable.Row) {
        var text = CSVText()
        text.row(row.fields)
        foreignRow = (row.line, String(text.text.dropLast()), nil, false)
    }

    /// The day of the current row of another app, once read: a row that fits no entry becomes a note on it.
    func foreignRowDay(_ day: LocalDay) { foreignRow?.day = day }

    /// Keeps text of another app as a note on `day` at `minutes`, its source the file and line.
    func keepNote(_ text: String, day: LocalDay, minutes: Int, line: Int, uid: [String]) {
        let parts = [options.source.rawValue, options.user ?? "", day.description] + uid
        pendingNotes.append((StableUID.make(parts), day, minutes, text, "\(fileName):\(line)"))
    }

    /// Stores the notes read so far.
    func storeNotes() throws {
        guard problems.isEmpty else { return }
        for note in pendingNotes {
            let time = time(on: note.day, minutes: note.minutes)
            try insertNote(
                uid: note.uid, occurredAt: time.occurredAt, offset: time.offset, day: note.day, text: note.text,
                source: note.source, createdAt: options.now, updatedAt: options.now, deletedAt: nil)
        }
        pendingNotes = []
    }

    /// Counts a row read and reports progress now and then.
    func countRow() {
        report.rows += 1
        if report.rows % 100_000 == 0 { progress?(report.rows) }
    }

    // MARK: - Items

    /// The key of an item: kind and name, ASCII case folded like SQLite's NOCASE.
    private static func key(_ kind: ItemKind, _ name: String) -> String {
        kind.rawValue + "\u{1F}"
            + String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// The item of that kind and name in the catalog, if any.
    func existingItem(_ kind: ItemKind, _ name: String) throws -> Item? {
        let name = Database.normalizedName(name)
        let key = Self.key(kind, name)
        if let item = items[key] { return item }
        guard let found = try database.existingItem(kind, named: name) else { return nil }
        items[key] = found
        return found
    }

    /// The item, created from `definition` (with `created_at` now) when the catalog lacks it.
    func item(_ kind: ItemKind, _ name: String, definition: NewItem?) throws -> Item? {
        if let found = try existingItem(kind, name) { return found }
        guard let definition else { return nil }
        let created = try database.addItem(definition, now: options.now)
        record(created)
        return created
    }

    /// Counts an item as created by this import.
    func record(_ created: Item) {
        items[Self.key(created.kind, created.name)] = created
        createdItemIDs.insert(created.id)
        report.itemsCreated.append(
            .init(kind: created.kind, name: created.name, valueType: created.valueType, unit: created.unit))
    }

    func forget(_ kind: ItemKind, _ name: String) {
        items[Self.key(kind, name)] = nil
        itemsBySpelling[Self.index(kind)] = [:]
    }

    static func index(_ kind: ItemKind) -> Int {
        switch kind {
        case .symptom: return 0
        case .trigger: return 1
        case .intervention: return 2
        }
    }

    /// Copies the entry counts into the report and names the new items that look like older ones.
    func finish() throws {
        for kind in ItemKind.allCases {
            let index = Self.index(kind)
            if created[index] > 0 { report.entriesCreated[kind] = created[index] }
            if skipped[index] > 0 { report.entriesSkipped[kind] = skipped[index] }
        }
        guard !report.itemsCreated.isEmpty else { return }
        let catalog = try connection.rows("SELECT id, kind, name FROM item ORDER BY kind, name") { row in
            (
                row.column(0, as: Int64.self), ItemKind(rawValue: row.column(1, as: String.self)),
                row.column(2, as: String.self)
            )
        }
        let older = catalog.filter { !createdItemIDs.contains($0.0) }
        for new in report.itemsCreated {
            for kind in ItemKind.allCases {
                let names = older.filter { $0.1 == kind }.map(\.2)
                // A near spelling by edit distance only: "Trouble falling asleep" contains "sleep" but is not it.
                let wanted = Array(new.name.lowercased())
                let alike =
                    kind == new.kind
                    ? names.filter {
                        NameSuggestions.editDistance(wanted, Array($0.lowercased()))
                            <= Swift.max(1, Swift.min(3, wanted.count / 3))
                    }
                    : names.filter { $0.lowercased() == new.name.lowercased() }
                for name in alike {
                    report.lookAlikes.append(.init(kind: new.kind, name: new.name, otherKind: kind, otherName: name))
                }
            }
        }
    }

    // MARK: - Entries

    static let insertEntrySQL = """
        INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, note, created_at,
            updated_at, deleted_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING
        """
    private static let insertRegionSQL = "INSERT OR IGNORE INTO entry_region (entry_id, region) VALUES (?, ?)"

    /// Stages `entry`, to be stored unless its uid exists. Problems (unknown item, value out of range, bad
    /// region) are recorded against `place`, and the entry is left out.
    func add(_ entry: PendingEntry, place: SourcePlace) throws {
        let item: Item
        let kindIndex = Self.index(entry.kind)
        if let known = itemsBySpelling[kindIndex][entry.itemName] {
            item = known
        } else {
            do {
                guard let found = try self.item(entry.kind, entry.itemName, definition: entry.definition) else {
                    problem(
                        place.with(column: "name"),
                        "no \(entry.kind.rawValue) named '\(entry.itemName)' in the file or the database")
                    return
                }
                item = found
                itemsBySpelling[kindIndex][entry.itemName] = found
            } catch let error as FlareError {
                problem(place.with(column: "name"), error.message)
                return
            }
        }
        do {
            try item.validate(entry.value)
        } catch let error as FlareError {
            problem(place, error.message)
            return
        }
        var regions: [String] = []
        for region in entry.regions {
            do {
                let normalized = try BodyRegion.normalized(region)
                if !regions.contains(normalized) { regions.append(normalized) }
            } catch let error as FlareError {
                problem(place.with(column: "regions"), error.message)
                return
            }
        }
        guard problems.isEmpty else { return }  // nothing will be kept: spare the work
        let base = staged.arenaEnd
        func text(_ value: String?) -> StagedEntries.Text? {
            guard let value else { return .null }
            return staged.copy(value.utf8, base: base)
        }
        guard let uid = text(entry.uid), let occurredAt = text(entry.occurredAt), let localDay = text(entry.localDay),
            let note = text(entry.note), let createdAt = text(entry.createdAt), let updatedAt = text(entry.updatedAt),
            let deletedAt = text(entry.deletedAt)
        else {
            problem(place, "the row is too long to import")
            return
        }
        var row = StagedEntries.Row(
            arenaBase: base, itemID: item.id, value: entry.value, uid: uid, occurredAt: occurredAt,
            localDay: localDay, note: note, createdAt: createdAt, updatedAt: updatedAt, deletedAt: deletedAt,
            utcOffsetMinutes: Int16(clamping: entry.utcOffsetMinutes), kindIndex: UInt8(kindIndex))
        if !regions.isEmpty { row.regions = staged.add(regions: regions) }
        try stage(row)
    }

    /// Holds `row` back to store it in uid order; stores what is held once it reaches the budget.
    func stage(_ row: StagedEntries.Row) throws {
        staged.append(row)
        if staged.isFull { try storeStaged() }
    }

    /// Stores the staged entries in uid order and counts them as created or skipped (uid already there).
    func storeStaged() throws {
        guard problems.isEmpty, !staged.isEmpty else { return }
        let statement = try connection.cachedStatement(Self.insertEntrySQL)
        let regionStatement = try connection.cachedStatement(Self.insertRegionSQL)
        func bind(_ bytes: UnsafeRawBufferPointer?, at index: Int32) throws {
            if let bytes { try statement.bindTextInPlace(bytes, at: index) } else { try statement.bindNull(at: index) }
        }
        // The values are valid only for this call: the statement is reset, clearing them, before it returns.
        try staged.drain { row, values, regions in
            defer { statement.reset() }
            try bind(values.uid, at: 1)
            try statement.bindInteger(row.itemID, at: 2)
            try bind(values.occurredAt, at: 3)
            try statement.bindInteger(Int64(row.utcOffsetMinutes), at: 4)
            try bind(values.localDay, at: 5)
            try statement.bindReal(row.value, at: 6)
            try bind(values.note, at: 7)
            try bind(values.createdAt, at: 8)
            try bind(values.updatedAt, at: 9)
            try bind(values.deletedAt, at: 10)
            try statement.stepToEnd()
            let kindIndex = Int(row.kindIndex)
            guard connection.changes == 1 else {
                skipped[kindIndex] += 1
                return
            }
            created[kindIndex] += 1
            guard !regions.isEmpty else { return }
            let entryID = connection.lastInsertRowID
            for region in regions {
                regionStatement.reset()
                try regionStatement.bind(entryID, at: 1)
                try regionStatement.bind(region, at: 2)
                _ = try regionStatement.step()
            }
        }
    }

    // MARK: - Notes

    /// Stores a note unless its uid exists, and counts it as created or skipped.
    func insertNote(
        uid: String, occurredAt: String, offset: Int, day: LocalDay, text: String, source: String?, createdAt: String,
        updatedAt: String, deletedAt: String?
    ) throws {
        try connection.run(
            """
            INSERT INTO note (uid, occurred_at, utc_offset_min, local_day, text, source, created_at, updated_at,
                deleted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING
            """,
            [uid, occurredAt, offset, day.description, text, source, createdAt, updatedAt, deletedAt])
        if connection.changes == 1 {
            report.notesCreated += 1
        } else {
            report.notesSkipped += 1
        }
    }

    // MARK: - Time of date-only rows

    /// The entry time of a wall-clock reading on `day` in the person's zone; the local day is `day` as the
    /// file says. A time skipped by a clock change moves forward by the gap.
    func time(on day: LocalDay, minutes: Int) -> (occurredAt: String, offset: Int, localDay: String) {
        let wall = WallTime(day: day, millisOfDay: Int64(minutes) * 60_000)
        let instant =
            ZoneMath.instants(forWall: wall.wallMillis, in: options.timeZone).first?.millis
            ?? ZoneMath.instantPastGap(forWall: wall.wallMillis, in: options.timeZone)
        let offset = ZoneMath.offsetSeconds(at: instant, in: options.timeZone) / 60
        return (Timestamp.format(instant), offset, day.description)
    }
}

@available(*, unavailable, message: "an import session belongs to the command that runs it")
extension ImportSession: Sendable {}
