import SQLite

/// A lab result to record: a name, a finite value and its unit, checked before anything is stored.
public struct NewLabResult: Sendable, Equatable {
    /// The name as stored: cleaned like an item name, compared in any ASCII case (`CRP` is `crp`).
    public let name: String
    public let value: Double
    /// The unit as typed, trimmed (`mg/L`).
    public let unit: String

    /// - Throws: `FlareError.badData` for an empty name or unit, control characters, a value that is not
    ///   finite, or a CRP that ASDAS could not use (`LabResult.crpMilligramsPerLitre`).
    public init(name: String, value: Double, unit: String) throws {
        let name = Database.normalizedName(name)
        let unit = unit.trimmed()
        guard !name.isEmpty else { throw FlareError.badData("a lab result needs a name, e.g. crp") }
        guard !unit.isEmpty else {
            throw FlareError.badData("a lab result needs a unit, e.g. 'flarelog lab \(name) 4.2 mg/L'")
        }
        try Database.refuseControlCharacters(name, "a lab name")
        try Database.refuseControlCharacters(unit, "a unit")
        guard value.isFinite else {
            throw FlareError.badData("\(name): '\(ValueText.number(value))' is not a finite number")
        }
        (self.name, self.value, self.unit) = (name, value, unit)
        if LabResult.isCRP(name) { _ = try LabResult.crpMilligramsPerLitre(value: value, unit: unit) }
    }
}

/// A lab result as stored: a quantity with a unit measured on a moment. It belongs to no item and never
/// enters the analysis; ASDAS-CRP reads the latest CRP (docs/assessments.md).
public struct LabResult: Sendable, Equatable {
    public let id: Int64
    public let uid: String
    public let name: String
    public let value: Double
    public let unit: String
    /// The UTC instant, ISO 8601 with milliseconds and Z.
    public let occurredAt: String
    public let utcOffsetMinutes: Int
    public let localDay: LocalDay
    public let createdAt: String

    /// The columns `LabResult(row:)` reads, in order.
    static let columns = "id, uid, name, value, unit, occurred_at, utc_offset_min, local_day, created_at"

    init(row: Statement) throws {
        id = row.column(0)
        guard let day = LocalDay(row.column(7, as: String.self)) else {
            throw FlareError(.badData, "lab result \(id) is malformed; run 'flarelog check'")
        }
        uid = row.column(1)
        name = row.column(2)
        value = row.column(3)
        unit = row.column(4)
        occurredAt = row.column(5)
        utcOffsetMinutes = row.column(6)
        localDay = day
        createdAt = row.column(8)
    }

    /// The local wall time with its offset, e.g. `2026-11-25T08:30:00.000+01:00`.
    public var localTimeText: String {
        Moment.localTimeText(occurredAt: occurredAt, utcOffsetMinutes: utcOffsetMinutes, localDay: localDay)
    }

    /// The name ASDAS-CRP reads its C-reactive protein from.
    public static let crpName = "crp"

    /// How many days before an assessment's day a CRP still counts for ASDAS (the assessment's day too).
    public static let crpDays = 14

    static func isCRP(_ name: String) -> Bool { name.lowercased() == crpName }

    /// A CRP in the mg/L that ASDAS-CRP takes: mg/L as it is, mg/dL times 10 (units in any case).
    /// - Throws: `FlareError.badData` for another unit, or a CRP outside ASDAS's 0-1000 mg/L.
    public static func crpMilligramsPerLitre(value: Double, unit: String) throws -> Double {
        let milligramsPerLitre: Double
        switch unit.lowercased() {
        case "mg/l": milligramsPerLitre = value
        case "mg/dl": milligramsPerLitre = value * 10
        default:
            throw FlareError.badData("a CRP is in mg/L (or mg/dL, taken times 10); got '\(unit)'")
        }
        guard (0...1000).contains(milligramsPerLitre) else {
            throw FlareError.badData(
                "a CRP must be 0-1000 mg/L; got \(ValueText.exact(value)) \(unit)")
        }
        return milligramsPerLitre
    }

    /// This CRP in mg/L, for ASDAS; nil for another lab.
    public var crpMilligramsPerLitre: Double? {
        guard Self.isCRP(name) else { return nil }
        return try? Self.crpMilligramsPerLitre(value: value, unit: unit)
    }
}

extension Database {
    /// Records a lab result. A uid that exists already stores nothing and returns the stored result.
    @discardableResult
    public func addLabResult(_ lab: NewLabResult, uid: String, time: EntryTime, now: String) throws
        -> (lab: LabResult, created: Bool)
    {
        try write {
            if let existing = try labResult(uid: uid) { return (existing, false) }
            try insertLabResult(lab, uid: uid, time: time, createdAt: now)
            guard let stored = try labResult(uid: uid) else {
                throw FlareError(.software, "the lab result just written cannot be read back")
            }
            return (stored, true)
        }
    }

    /// Inserts one lab result unless its uid exists; true when it was inserted. Inside a write.
    @discardableResult
    func insertLabResult(_ lab: NewLabResult, uid: String, time: EntryTime, createdAt: String) throws -> Bool {
        try connection.run(
            """
            INSERT INTO lab_result (uid, name, value, unit, occurred_at, utc_offset_min, local_day, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING
            """,
            [
                uid, lab.name, lab.value, lab.unit, time.occurredAt, time.utcOffsetMinutes, time.localDay.description,
                createdAt,
            ])
        return connection.changes == 1
    }

    /// The lab result with this uid.
    public func labResult(uid: String) throws -> LabResult? {
        try connection.firstRow("SELECT \(LabResult.columns) FROM lab_result WHERE uid = ?", [uid]) {
            try LabResult(row: $0)
        }
    }

    /// Lab results of one name (nil: all; any ASCII case) on the days `since`…`until` (inclusive), oldest first.
    public func labResults(named name: String? = nil, since: LocalDay? = nil, until: LocalDay? = nil) throws
        -> [LabResult]
    {
        try read {
            try connection.rows(
                """
                SELECT \(LabResult.columns) FROM lab_result
                WHERE (?1 IS NULL OR name = ?1) AND (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
                ORDER BY occurred_at, id
                """, [name.map(Self.normalizedName), since?.description, until?.description]
            ) { try LabResult(row: $0) }
        }
    }

    /// The CRP that ASDAS-CRP uses for an assessment on `day`: the latest `crp` result on that day or the
    /// `LabResult.crpDays` days before it; nil when there is none.
    public func crpForAssessment(on day: LocalDay) throws -> LabResult? {
        try labResults(named: LabResult.crpName, since: day - LabResult.crpDays, until: day).last
    }
}
