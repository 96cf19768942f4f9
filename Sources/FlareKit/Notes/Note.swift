import SQLite

/// Free text on a moment: a journal line, or a row of another app that holds no value. A note belongs to no
/// item and never enters the analysis.
public struct Note: Sendable, Equatable {
    public let id: Int64
    public let uid: String
    /// The UTC instant, ISO 8601 with milliseconds and Z.
    public let occurredAt: String
    public let utcOffsetMinutes: Int
    public let localDay: LocalDay
    public let text: String
    /// Where an imported note came from ("bearable.csv:12"); nil for a note typed with `flarelog note`.
    public let source: String?
    public let createdAt: String
    public let updatedAt: String
    public let deletedAt: String?

    /// The columns `Note(row:)` reads, in order.
    static let columns =
        "note.id, uid, occurred_at, utc_offset_min, local_day, text, source, created_at, updated_at, deleted_at"

    init(row: Statement) throws {
        id = row.column(0)
        guard let day = LocalDay(row.column(4, as: String.self)) else {
            throw FlareError(.badData, "note \(row.column(0, as: Int64.self)) is malformed; run 'flarelog check'")
        }
        uid = row.column(1)
        occurredAt = row.column(2)
        utcOffsetMinutes = row.column(3)
        localDay = day
        text = row.column(5)
        source = row.column(6)
        createdAt = row.column(7)
        updatedAt = row.column(8)
        deletedAt = row.column(9)
    }

    /// The local wall time of the note with its offset, e.g. `2026-11-25T08:30:00.000+01:00`.
    public var localTimeText: String {
        Moment.localTimeText(occurredAt: occurredAt, utcOffsetMinutes: utcOffsetMinutes, localDay: localDay)
    }
}

/// What `list` and `search` show: an entry, or a note.
public enum Record: Sendable, Equatable {
    case note(Note)
    case entry(Entry)

    public var localDay: LocalDay {
        switch self {
        case .note(let note): note.localDay
        case .entry(let entry): entry.localDay
        }
    }

    /// The UTC instant, for ordering records of both kinds.
    public var occurredAt: String {
        switch self {
        case .note(let note): note.occurredAt
        case .entry(let entry): entry.occurredAt
        }
    }
}

extension Record {
    /// Newest first; at the same instant, entries before notes, each by id (newest first).
    public static func newestFirst(_ records: [Record]) -> [Record] {
        func key(_ record: Record) -> (String, Int, Int64) {
            switch record {
            case .entry(let entry): (entry.occurredAt, 1, entry.id)
            case .note(let note): (note.occurredAt, 0, note.id)
            }
        }
        return records.sorted { key($0) > key($1) }
    }
}

extension Database {
    /// Records a note. A uid that exists already stores nothing and returns the stored note.
    /// - Throws: `FlareError.badData` for empty text.
    @discardableResult
    public func addNote(_ text: String, uid: String, time: EntryTime, source: String? = nil, now: String) throws
        -> (note: Note, created: Bool)
    {
        guard !text.trimmed().isEmpty else { throw FlareError.badData("a note needs some text") }
        return try write {
            if let existing = try note(uid: uid) { return (existing, false) }
            try connection.run(
                """
                INSERT INTO note (uid, occurred_at, utc_offset_min, local_day, text, source, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    uid, time.occurredAt, time.utcOffsetMinutes, time.localDay.description, text, source, now,
                    now,
                ])
            guard let stored = try note(uid: uid) else {
                throw FlareError(.software, "the note just written cannot be read back")
            }
            return (stored, true)
        }
    }

    /// The note with this uid, deleted or not.
    public func note(uid: String) throws -> Note? {
        try connection.firstRow("SELECT \(Note.columns) FROM note WHERE uid = ?", [uid]) { try Note(row: $0) }
    }

    /// Notes of the days `since`…`until` (inclusive), newest first, at most `limit` (nil: all).
    public func notes(since: LocalDay?, until: LocalDay?, limit: Int?, includeDeleted: Bool = false) throws -> [Note] {
        try read {
            try connection.rows(
                """
                SELECT \(Note.columns) FROM note
                WHERE (?1 OR deleted_at IS NULL) AND (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
                ORDER BY occurred_at DESC, id DESC
                LIMIT ?4
                """, [includeDeleted, since?.description, until?.description, limit ?? -1]
            ) { try Note(row: $0) }
        }
    }

    /// Live notes and entries whose note holds every word of `words` (SQLite FTS5, any case, each word also as
    /// a prefix: "walk" finds "walked"), newest first.
    /// - Throws: `FlareError.usage` when `words` holds no word.
    public func search(_ words: String, limit: Int?) throws -> [Record] {
        let query = Self.searchQuery(words)
        guard !query.isEmpty else { throw FlareError.usage("give at least one word to search for") }
        return try read {
            let notes = try connection.rows(
                """
                SELECT \(Note.columns) FROM note
                WHERE id IN (SELECT rowid FROM note_search WHERE note_search MATCH ?1) AND deleted_at IS NULL
                """, [query]
            ) { Record.note(try Note(row: $0)) }
            let entries = try connection.rows(
                """
                SELECT \(Entry.columns) FROM entry JOIN item ON item.id = entry.item_id
                WHERE entry.id IN (SELECT rowid FROM entry_note_search WHERE entry_note_search MATCH ?1)
                  AND deleted_at IS NULL
                """, [query]
            ) { Record.entry(try Entry(row: $0)) }
            let hits = Record.newestFirst(notes + entries)
            return limit.map { Array(hits.prefix($0)) } ?? hits
        }
    }

    /// The FTS5 query of what a person typed: each word quoted (so `-`, `:` or `AND` are only text) and
    /// matched as a prefix, all words required.
    static func searchQuery(_ words: String) -> String {
        words.split(whereSeparator: { $0.isWhitespace }).map { word in
            "\"" + word.replacingEvery("\"", with: "\"\"") + "\"*"
        }.joined(separator: " ")
    }
}
