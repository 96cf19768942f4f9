import SQLite

/// A completed questionnaire as stored: its answers, its score, the instrument's version, and when.
public struct Assessment: Sendable, Equatable {
    public let id: Int64
    public let uid: String
    public let answers: AssessmentAnswers
    /// The scoring version it was scored with (`Instrument.version` at the time).
    public let version: String
    /// The UTC instant, ISO 8601 with milliseconds and Z.
    public let occurredAt: String
    public let utcOffsetMinutes: Int
    public let localDay: LocalDay
    /// The stored total; the same as `result.score`.
    public let score: Double
    public let createdAt: String

    public var instrument: Instrument { answers.instrument }
    /// Subscores, band and criteria, computed from the answers.
    public var result: AssessmentResult { answers.result }

    /// The columns `Assessment(row:)` reads, in order.
    static let columns =
        "id, uid, instrument, version, occurred_at, utc_offset_min, local_day, answers, score, created_at"

    init(row: Statement) throws {
        id = row.column(0)
        let malformed = FlareError(.badData, "assessment \(id) is malformed; run 'flarelog check'")
        guard let instrument = Instrument(rawValue: row.column(2)), let day = LocalDay(row.column(6, as: String.self)),
            let answers = try? AssessmentAnswers(instrument, jsonText: row.column(7))
        else { throw malformed }
        uid = row.column(1)
        self.answers = answers
        version = row.column(3)
        occurredAt = row.column(4)
        utcOffsetMinutes = row.column(5)
        localDay = day
        score = row.column(8)
        createdAt = row.column(9)
    }

    /// The local wall time with its offset, e.g. `2026-11-25T08:30:00.000+01:00`.
    public var localTimeText: String {
        Moment.localTimeText(occurredAt: occurredAt, utcOffsetMinutes: utcOffsetMinutes, localDay: localDay)
    }
}

extension Database {
    /// Stores a completed assessment, scored with the instrument's current version. A uid that exists already
    /// stores nothing and returns the stored assessment.
    @discardableResult
    public func addAssessment(_ answers: AssessmentAnswers, uid: String, time: EntryTime, now: String) throws
        -> (assessment: Assessment, created: Bool)
    {
        try write {
            if let existing = try assessment(uid: uid) { return (existing, false) }
            try insertAssessment(
                uid: uid, answers: answers, version: answers.instrument.version, time: time,
                score: answers.result.score, createdAt: now)
            guard let stored = try assessment(uid: uid) else {
                throw FlareError(.software, "the assessment just written cannot be read back")
            }
            return (stored, true)
        }
    }

    /// Inserts one assessment unless its uid exists; true when it was inserted. Inside a write.
    @discardableResult
    func insertAssessment(
        uid: String, answers: AssessmentAnswers, version: String, time: EntryTime, score: Double, createdAt: String
    ) throws -> Bool {
        try connection.run(
            """
            INSERT INTO assessment (uid, instrument, version, occurred_at, utc_offset_min, local_day, answers, score,
                created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING
            """,
            [
                uid, answers.instrument.rawValue, version, time.occurredAt, time.utcOffsetMinutes,
                time.localDay.description, JSONValue.object(answers.json).compactText, score, createdAt,
            ])
        return connection.changes == 1
    }

    /// The assessment with this uid.
    public func assessment(uid: String) throws -> Assessment? {
        try connection.firstRow("SELECT \(Assessment.columns) FROM assessment WHERE uid = ?", [uid]) {
            try Assessment(row: $0)
        }
    }

    /// Assessments of one instrument (nil: all) on the days `since`…`until` (inclusive), oldest first.
    public func assessments(_ instrument: Instrument? = nil, since: LocalDay? = nil, until: LocalDay? = nil) throws
        -> [Assessment]
    {
        try read {
            try connection.rows(
                """
                SELECT \(Assessment.columns) FROM assessment
                WHERE (?1 IS NULL OR instrument = ?1) AND (?2 IS NULL OR local_day >= ?2)
                  AND (?3 IS NULL OR local_day <= ?3)
                ORDER BY occurred_at, id
                """, [instrument?.rawValue, since?.description, until?.description]
            ) { try Assessment(row: $0) }
        }
    }

    /// The ACR 2016 regions on live symptom entries of the days `since`…`until`, in `BodyRegion.acr2016`
    /// order: what `assess acr2016` offers as the past week's painful regions.
    public func loggedACRRegions(since: LocalDay, until: LocalDay) throws -> [String] {
        let logged = try read {
            try connection.rows(
                """
                SELECT DISTINCT region FROM entry_region
                JOIN entry ON entry.id = entry_region.entry_id JOIN item ON item.id = entry.item_id
                WHERE item.kind = 'symptom' AND entry.deleted_at IS NULL AND entry.local_day BETWEEN ?1 AND ?2
                """, [since.description, until.description]
            ) { $0.column(0, as: String.self) }
        }
        return BodyRegion.acr2016.filter(Set(logged).contains)
    }
}
