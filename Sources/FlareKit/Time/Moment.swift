import FoundationEssentials

/// A resolved instant: when something happened, the UTC offset in force there, and the tracking day it counts for.
public struct Moment: Hashable, Sendable, CustomStringConvertible {
    /// Unix time in milliseconds (UTC).
    public let instantMillis: Int64
    /// The local offset from UTC in whole minutes (east positive), as stored in `utc_offset_min`.
    public let utcOffsetMinutes: Int
    /// The tracking day, with the day-start setting applied.
    public let localDay: LocalDay

    /// A moment exactly as stored (no consistency check between the three values).
    public init(instantMillis: Int64, utcOffsetMinutes: Int, localDay: LocalDay) {
        self.instantMillis = instantMillis
        self.utcOffsetMinutes = utcOffsetMinutes
        self.localDay = localDay
    }

    /// The moment at `instantMillis` seen at `utcOffsetMinutes`, its day computed with `dayStart`.
    public init(instantMillis: Int64, utcOffsetMinutes: Int, dayStart: DayStart) {
        let local = instantMillis + Int64(utcOffsetMinutes - dayStart.minutes) * 60_000
        self.init(
            instantMillis: instantMillis,
            utcOffsetMinutes: utcOffsetMinutes,
            localDay: LocalDay(ordinal: Int(floorDivide(local, ZoneMath.millisPerDay)))
        )
    }

    /// UTC ISO 8601 with milliseconds, as stored in `occurred_at`: `2026-11-25T07:30:00.000Z`.
    public var occurredAt: String { Timestamp.format(instantMillis) }

    /// The local wall time with its offset: `2026-11-25T08:30:00.000+01:00`.
    public var localTimeText: String {
        let wall = localWallTime
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(utcOffsetMinutes)
        return "\(wall.day)T\(wall.clockText)\(sign)\(twoDigits(magnitude / 60)):\(twoDigits(magnitude % 60))"
    }

    public var description: String { localTimeText }

    /// The wall clock reading at this moment's offset (ignoring day-start).
    var localWallTime: WallTime { WallTime(wallMillis: instantMillis + Int64(utcOffsetMinutes) * 60_000) }
}

/// UTC timestamps as stored in `created_at`/`occurred_at`: ISO 8601 with milliseconds and `Z`.
public enum Timestamp {
    /// The current instant in Unix milliseconds (reads the clock: keep it out of pure code).
    public static func nowMillis() -> Int64 { millis(of: Date()) }

    /// The current instant formatted for a `created_at` column.
    public static func now() -> String { format(nowMillis()) }

    /// `date` in Unix milliseconds, rounded down.
    public static func millis(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2026-11-25T07:30:00.000Z`.
    public static func format(_ instantMillis: Int64) -> String {
        let wall = WallTime(wallMillis: instantMillis)
        return "\(wall.day)T\(wall.clockText)Z"
    }

    /// Reads back exactly the form `format` writes (`YYYY-MM-DDTHH:MM:SS.sssZ`), or nil.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z"),
            let day = LocalDay(String(decoding: bytes[0..<10], as: UTF8.self)),
            let hours = decimal(bytes[11..<13]), let minutes = decimal(bytes[14..<16]),
            let seconds = decimal(bytes[17..<19]), let millis = decimal(bytes[20..<23]),
            hours < 24, minutes < 60, seconds < 60
        else { return nil }
        let millisOfDay = Int64(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
        return WallTime(day: day, millisOfDay: millisOfDay).wallMillis
    }
}
