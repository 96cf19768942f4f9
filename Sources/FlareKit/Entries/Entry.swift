import SQLite

/// One recorded observation: a symptom's severity, a trigger, or an intervention taken.
public struct Entry: Sendable, Equatable {
    public let id: Int64
    public let uid: String
    public let itemKind: ItemKind
    public let itemName: String
    public let valueType: ValueType
    public let unit: String?
    public let value: Double
    /// The UTC instant, ISO 8601 with milliseconds and Z.
    public let occurredAt: String
    /// Minutes east of UTC at the time of recording.
    public let utcOffsetMinutes: Int
    public let localDay: LocalDay
    public let note: String?
    public let regions: [String]
    public let createdAt: String
    public let updatedAt: String
    public let deletedAt: String?

    /// The columns `Entry(row:)` reads, in order (from `entry JOIN item`).
    static let columns = """
        entry.id, uid, kind, name, value_type, unit, value, occurred_at, utc_offset_min, local_day, note,
        (SELECT group_concat(region, char(31)) FROM (SELECT region FROM entry_region WHERE entry_id = entry.id ORDER BY region)),
        entry.created_at, updated_at, deleted_at
        """

    init(row: Statement) throws {
        id = row.column(0)
        uid = row.column(1)
        guard let kind = ItemKind(rawValue: row.column(2)), let type = ValueType(rawValue: row.column(4)),
            let day = LocalDay(row.column(9, as: String.self))
        else {
            throw FlareError(.badData, "entry \(row.column(0, as: Int64.self)) is malformed; run 'flarelog check'")
        }
        itemKind = kind
        itemName = row.column(3)
        valueType = type
        unit = row.column(5)
        value = row.column(6)
        occurredAt = row.column(7)
        utcOffsetMinutes = row.column(8)
        localDay = day
        note = row.column(10)
        // Unit separator (0x1F): a character a region cannot contain.
        regions = row.column(11, as: String?.self).map { $0.split(separator: "\u{1F}").map(String.init) } ?? []
        createdAt = row.column(12)
        updatedAt = row.column(13)
        deletedAt = row.column(14)
    }

    /// The value in words: "yes"/"no" for booleans, else the number and unit.
    public var valueText: String {
        ValueText.value(value, type: valueType, unit: unit)
    }
}

/// Where and when an entry happened, resolved from the person's local time.
public struct EntryTime: Sendable, Equatable {
    public let occurredAt: String
    public let utcOffsetMinutes: Int
    public let localDay: LocalDay

    public init(occurredAt: String, utcOffsetMinutes: Int, localDay: LocalDay) {
        self.occurredAt = occurredAt
        self.utcOffsetMinutes = utcOffsetMinutes
        self.localDay = localDay
    }
}

/// What `flarelog log` records.
public struct NewEntry: Sendable {
    public var uid: String
    public var value: Double
    public var time: EntryTime
    public var note: String?
    public var regions: [String]

    public init(uid: String, value: Double, time: EntryTime, note: String? = nil, regions: [String] = []) {
        self.uid = uid
        self.value = value
        self.time = time
        self.note = note
        self.regions = regions
    }
}

extension EntryTime {
    /// The stored time fields of a resolved moment.
    public init(_ moment: Moment) {
        self.init(occurredAt: moment.occurredAt, utcOffsetMinutes: moment.utcOffsetMinutes, localDay: moment.localDay)
    }
}

extension Entry {
    /// The local wall time of the entry with its offset, e.g. `2026-11-25T08:30:00.000+01:00`.
    public var localTimeText: String {
        Moment.localTimeText(occurredAt: occurredAt, utcOffsetMinutes: utcOffsetMinutes, localDay: localDay)
    }
}

extension Moment {
    /// The local wall time of a stored moment with its offset; the stored text itself if it does not parse.
    static func localTimeText(occurredAt: String, utcOffsetMinutes: Int, localDay: LocalDay) -> String {
        guard let millis = Timestamp.parse(occurredAt) else { return occurredAt }
        return Moment(instantMillis: millis, utcOffsetMinutes: utcOffsetMinutes, localDay: localDay).localTimeText
    }
}
