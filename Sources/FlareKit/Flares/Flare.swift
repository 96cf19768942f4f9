import SQLite

/// A flare episode: a stretch of days a person calls a flare, open until they end it.
public struct Flare: Sendable, Equatable {
    public let id: Int64
    public let uid: String
    public let startedAt: String
    public let endedAt: String?
    public let startDay: LocalDay
    public let endDay: LocalDay?
    public let utcOffsetMinutes: Int
    public let endUTCOffsetMinutes: Int?
    public let note: String?
    public let createdAt: String

    static let columns = """
        id, uid, started_at, ended_at, start_day, end_day, utc_offset_min, end_utc_offset_min, note, created_at
        """

    init(row: Statement) throws {
        guard let start = LocalDay(row.column(4, as: String.self)) else {
            throw FlareError(
                .badData, "flare \(row.column(0, as: Int64.self)) has a malformed day; run 'flarelog check'")
        }
        id = row.column(0)
        uid = row.column(1)
        startedAt = row.column(2)
        endedAt = row.column(3)
        startDay = start
        endDay = row.column(5, as: String?.self).flatMap { LocalDay($0) }
        utcOffsetMinutes = row.column(6)
        endUTCOffsetMinutes = row.column(7)
        note = row.column(8)
        createdAt = row.column(9)
    }

    public var isOpen: Bool { endedAt == nil }
}

extension Database {
    /// Starts a flare episode.
    /// - Throws: `FlareError.badData` when one is already open.
    public func startFlare(at time: EntryTime, uid: String, note: String?, now: String) throws -> Flare {
        try write {
            if let open = try openFlare() {
                throw FlareError.badData(
                    "a flare is already open since \(open.startDay); end it with 'flarelog flare end' first")
            }
            try connection.run(
                """
                INSERT INTO flare (uid, started_at, start_day, utc_offset_min, note, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [uid, time.occurredAt, time.localDay.description, time.utcOffsetMinutes, note, now])
            return try requireFlare(id: connection.lastInsertRowID)
        }
    }

    /// Ends the open flare episode.
    /// - Throws: `FlareError.badData` when none is open, or the end is before its start.
    public func endFlare(at time: EntryTime) throws -> Flare {
        try write {
            guard let open = try openFlare() else {
                throw FlareError.badData("no flare is open; start one with 'flarelog flare start'")
            }
            guard time.occurredAt >= open.startedAt else {
                throw FlareError.badData("the flare started at \(open.startedAt); its end cannot be earlier")
            }
            try connection.run(
                "UPDATE flare SET ended_at = ?, end_day = ?, end_utc_offset_min = ? WHERE id = ?",
                [time.occurredAt, max(time.localDay, open.startDay).description, time.utcOffsetMinutes, open.id])
            return try requireFlare(id: open.id)
        }
    }

    /// The open flare episode, if any.
    public func openFlare() throws -> Flare? {
        try connection.firstRow(
            "SELECT \(Flare.columns) FROM flare WHERE ended_at IS NULL AND deleted_at IS NULL"
        ) { try Flare(row: $0) }
    }

    /// Live flare episodes, newest first.
    public func flares() throws -> [Flare] {
        try read {
            try connection.rows(
                "SELECT \(Flare.columns) FROM flare WHERE deleted_at IS NULL ORDER BY started_at DESC, id DESC"
            ) { try Flare(row: $0) }
        }
    }

    private func requireFlare(id: Int64) throws -> Flare {
        guard let flare = try connection.firstRow("SELECT \(Flare.columns) FROM flare WHERE id = ?", [id], Flare.init)
        else { throw FlareError(.software, "flare \(id) vanished") }
        return flare
    }
}
