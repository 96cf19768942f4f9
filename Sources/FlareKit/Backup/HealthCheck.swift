import FoundationEssentials
import SQLite

/// What `flarelog check` found: every check run, each with its problems (none when healthy).
public struct HealthReport: Sendable, Equatable {
    /// One check and what it found.
    public struct Finding: Sendable, Equatable {
        /// A stable identifier, e.g. `integrity`, `local_day` (the README lists them).
        public let name: String
        /// What the check verifies, in plain words.
        public let summary: String
        /// How many problems it found (rows, or lines of SQLite's own check).
        public let problems: Int
        /// The first few problems, described.
        public let examples: [String]
    }

    public let path: String
    /// True when the full `integrity_check` ran instead of `quick_check`.
    public let full: Bool
    public let findings: [Finding]
    /// Temporary copies of health data killed commands left (see `Leftovers`): reported, not counted as
    /// problems of the database.
    public var leftovers: [Leftover] = []

    /// The number of problems over all checks.
    public var problemCount: Int { findings.reduce(0) { $0 + $1.problems } }
    public var isHealthy: Bool { problemCount == 0 }
}

extension Database {
    /// How many problems of one kind a report describes one by one.
    static let checkExamples = 10

    /// Checks the file (SQLite's own checks) and flarelog's invariants, in one read snapshot. Reads only.
    /// - Parameter full: run `integrity_check` (which also verifies indexes) instead of `quick_check`.
    /// - Throws: `FlareError` when the file cannot be read at all.
    public func healthCheck(full: Bool = false) throws -> HealthReport {
        do {
            // One read snapshot for every check. It ends with ROLLBACK (a read transaction has nothing to keep):
            // COMMIT would report the corruption a check already recorded as its own failure.
            try connection.execute("BEGIN DEFERRED")
            defer { if !connection.isAutocommit { try? connection.execute("ROLLBACK") } }
            var report = HealthReport(path: path, full: full, findings: try runChecks(full: full))
            report.leftovers = Leftovers.find(in: Self.leftoverFolders(databasePath: path))
            return report
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }

    /// Where flarelog's temporary files go: next to the database, the backups folder, the temporary folder (dry
    /// runs) and the current folder (reports and exports are often written there); each folder once.
    static func leftoverFolders(databasePath: String) -> [String] {
        var seen: [FileID] = []
        let current = FileManager.default.currentDirectoryPath
        return [PathName.folder(of: databasePath), BackupFolder.defaultPath(), temporaryDirectory(), current].filter {
            guard let id = FileID($0), !seen.contains(id) else { return false }
            seen.append(id)
            return true
        }
    }

    private func runChecks(full: Bool) throws -> [HealthReport.Finding] {
        var findings: [HealthReport.Finding] = []
        /// Runs one check; a check that cannot even run (e.g. a damaged page) counts as one problem.
        func check(_ name: String, _ summary: String, _ body: () throws -> (Int, [String])) {
            do {
                let (count, examples) = try body()
                findings.append(.init(name: name, summary: summary, problems: count, examples: examples))
            } catch {
                let reason = (error as? SQLiteError)?.message ?? "\(error)"
                findings.append(
                    .init(name: name, summary: summary, problems: 1, examples: ["could not run: \(reason)"]))
            }
        }
        func lines(_ output: [String]) -> (Int, [String]) {
            let problems = singleLineProblems(output)
            return (problems.count, Array(problems.prefix(Self.checkExamples)))
        }
        check(
            "integrity",
            full ? "SQLite integrity_check: pages, records and indexes" : "SQLite quick_check: pages and records"
        ) { lines(try full ? connection.integrityCheck() : connection.quickCheck()) }
        check("foreign_keys", "every entry names an existing item, every region an existing entry") {
            lines(try connection.foreignKeyCheck())
        }
        check("application_id", "the file is marked as a flarelog database (0x464C4C4F)") {
            let id = try connection.applicationID
            return id == Self.applicationID ? (0, []) : (1, ["application_id is \(id)"])
        }
        check("schema_version", "the schema is the one this flarelog writes (\(Self.schemaVersion))") {
            let version = try connection.userVersion
            return version == Self.schemaVersion ? (0, []) : (1, ["schema version is \(version)"])
        }
        var dayStart = 0
        check("day_start", "the day-start setting, if any, is a time HH:MM") {
            guard let text = try connection.scalar("SELECT value FROM setting WHERE key = 'day-start'", as: String.self)
            else { return (0, []) }
            guard let minutes = DayStart(text)?.minutes else {
                return (1, ["day-start is '\(text)', not HH:MM; local days were checked against 00:00"])
            }
            dayStart = minutes
            return (0, [])
        }
        // The local day of an entry is the date of its local wall time (occurred_at + utc_offset_min), less the
        // day-start: at day-start 04:00 an entry at 02:30 local time belongs to the day before.
        // SQLite's date() reads "2026-11-25T07:30:00.000Z" and applies "+60 minutes" modifiers
        // (https://sqlite.org/lang_datefunc.html).
        check(
            "local_day",
            "each entry's and note's local_day is the date of occurred_at + utc_offset_min, less the day-start"
        ) {
            try rows(
                """
                SELECT what, id, occurred_at, utc_offset_min, local_day, expected FROM (
                    SELECT 'entry' AS what, id, occurred_at, utc_offset_min, local_day,
                           date(occurred_at, printf('%+d minutes', utc_offset_min - ?1)) AS expected
                    FROM entry
                    UNION ALL
                    SELECT 'note', id, occurred_at, utc_offset_min, local_day,
                           date(occurred_at, printf('%+d minutes', utc_offset_min - ?1))
                    FROM note)
                WHERE expected IS NULL OR expected != local_day
                ORDER BY what, id
                """, [dayStart]
            ) { row in
                let expected = row.column(5, as: String?.self).map { "should be \($0)" } ?? "occurred_at is not a time"
                return
                    "\(row.column(0, as: String.self)) \(row.column(1, as: Int64.self)): local_day "
                    + "\(row.column(4, as: String.self)) but occurred_at \(row.column(2, as: String.self)) at offset "
                    + "\(row.column(3, as: Int.self)) min: \(expected)"
            }
        }
        // The full-text indexes hold one document per note and per entry with a note (their docsize shadow
        // tables have a row for each); a difference means `search` misses or invents matches.
        check("search_index", "the search indexes cover every note and every entry note") {
            let counts =
                try connection.firstRow(
                    """
                    SELECT (SELECT count(*) FROM note), (SELECT count(*) FROM note_search_docsize),
                           (SELECT count(*) FROM entry WHERE note IS NOT NULL),
                           (SELECT count(*) FROM entry_note_search_docsize)
                    """, []
                ) { row in (0..<4).map { row.column(Int32($0), as: Int.self) } } ?? []
            var problems: [String] = []
            if counts.count == 4, counts[0] != counts[1] {
                problems.append("\(counts[0]) notes but \(counts[1]) in the search index")
            }
            if counts.count == 4, counts[2] != counts[3] {
                problems.append("\(counts[2]) entry notes but \(counts[3]) in the search index")
            }
            return (problems.count, problems)
        }
        // A trial's order must hold one A and one B per block (SQL's CHECK sees only the letters), its items must
        // be of the right kinds, and trials that were not stopped must not share days.
        check("trials", "each trial has one A and one B per block, items of the right kinds, and no overlap") {
            let trials = try connection.rows(
                """
                SELECT trial.id, arms, a.kind, o.kind, b.kind, comparison_id IS NOT NULL, start_day,
                       date(start_day, '+' || (2 * blocks * period_days - 1) || ' days'), stopped_at IS NULL
                FROM trial JOIN item a ON a.id = intervention_id JOIN item o ON o.id = outcome_id
                     LEFT JOIN item b ON b.id = comparison_id
                ORDER BY start_day, trial.id
                """
            ) { row in
                (
                    id: row.column(0, as: Int64.self), arms: Array(row.column(1, as: String.self)),
                    kinds: [row.column(2, as: String.self), row.column(3), row.column(4, as: String?.self) ?? ""],
                    compared: row.column(5, as: Bool.self), start: row.column(6, as: String.self),
                    end: row.column(7, as: String?.self) ?? "", open: row.column(8, as: Bool.self)
                )
            }
            var problems: [String] = []
            var lastOpenEnd: (id: Int64, end: String)?
            for trial in trials {
                if stride(from: 0, to: trial.arms.count - 1, by: 2).contains(where: {
                    trial.arms[$0] == trial.arms[$0 + 1]
                }) {
                    problems.append("trial \(trial.id): a block holds the same period twice")
                }
                if trial.kinds[0] != "intervention" || trial.kinds[1] != "symptom"
                    || (trial.compared && trial.kinds[2] != "intervention")
                {
                    problems.append("trial \(trial.id): its intervention or outcome is of the wrong kind")
                }
                guard trial.open else { continue }
                if let previous = lastOpenEnd, previous.end >= trial.start {
                    problems.append("trial \(trial.id) overlaps trial \(previous.id); stop one of them")
                }
                lastOpenEnd = (trial.id, trial.end)
            }
            return (problems.count, Array(problems.prefix(Self.checkExamples)))
        }
        check("value_range", "each entry's value lies within its item's min and max") {
            try rows(
                """
                SELECT e.id, i.name, e.value, i.min, i.max FROM entry e JOIN item i ON i.id = e.item_id
                WHERE (i.min IS NOT NULL AND e.value < i.min) OR (i.max IS NOT NULL AND e.value > i.max)
                ORDER BY e.id
                """
            ) { row in
                let low = row.column(3, as: Double?.self).map { JSONValue.numberText($0) } ?? "-∞"
                let high = row.column(4, as: Double?.self).map { JSONValue.numberText($0) } ?? "∞"
                return "entry \(row.column(0, as: Int64.self)) (\(row.column(1, as: String.self))): value "
                    + "\(JSONValue.numberText(row.column(2, as: Double.self))) outside \(low)…\(high)"
            }
        }
        check("boolean_values", "entries of yes/no items are 0 or 1") {
            try rows(
                """
                SELECT e.id, i.name, e.value FROM entry e JOIN item i ON i.id = e.item_id
                WHERE i.value_type = 'boolean' AND e.value NOT IN (0.0, 1.0)
                ORDER BY e.id
                """
            ) { row in
                "entry \(row.column(0, as: Int64.self)) (\(row.column(1, as: String.self))): value "
                    + "\(JSONValue.numberText(row.column(2, as: Double.self))) is not 0 or 1"
            }
        }
        // SQLite stores a NaN as NULL (refused by NOT NULL), so what can slip in is ±infinity (e.g. 1e999),
        // or a NULL in an item's min or max that a text edit turned into something else.
        check("finite_values", "entry values and item bounds are finite numbers (no NaN or infinity)") {
            try rows(
                """
                SELECT 'entry', id, value FROM entry WHERE value IS NULL OR abs(value) > 1.7976931348623157e308
                UNION ALL
                SELECT 'item', id, coalesce(min, max) FROM item
                WHERE abs(min) > 1.7976931348623157e308 OR abs(max) > 1.7976931348623157e308
                """
            ) { row in
                "\(row.column(0, as: String.self)) \(row.column(1, as: Int64.self)): "
                    + "\(row.column(2, as: Double?.self).map { $0 > 0 ? "infinity" : "-infinity" } ?? "NaN or NULL")"
            }
        }
        check("open_flares", "at most one flare episode is open (not ended, not deleted)") {
            let open =
                try connection.scalar(
                    "SELECT count(*) FROM flare WHERE ended_at IS NULL AND deleted_at IS NULL", as: Int.self) ?? 0
            return open <= 1 ? (0, []) : (open - 1, ["\(open) flare episodes are open at once"])
        }
        check("flare_order", "each flare ends after it starts") {
            try rows(
                """
                SELECT id, started_at, ended_at FROM flare
                WHERE ended_at < started_at OR end_day < start_day
                ORDER BY id
                """
            ) { row in
                "flare \(row.column(0, as: Int64.self)): ends \(row.column(2, as: String.self)) before it starts "
                    + row.column(1, as: String.self)
            }
        }
        return findings
    }

    /// Counts the rows of `sql` and describes the first few.
    private func rows(_ sql: String, _ values: [(any SQLBindable)?] = [], _ describe: (Statement) -> String) throws
        -> (Int, [String])
    {
        let statement = try connection.prepare(sql)
        try statement.bind(values)
        var count = 0
        var examples: [String] = []
        while try statement.step() {
            count += 1
            if examples.count < Self.checkExamples { examples.append(describe(statement)) }
        }
        return (count, examples)
    }
}
