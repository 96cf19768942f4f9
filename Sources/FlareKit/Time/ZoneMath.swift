import FoundationEssentials

/// Exact conversions between instants and local wall times in a `Zone`.
///
/// Only the offset at an instant (`localtime_r`) is trusted: `mktime` resolves a skipped or repeated wall time
/// by its `tm_isdst` guess, which cannot say "this time does not exist", so wall → instant is solved here by
/// checking candidate offsets.
enum ZoneMath {
    static let millisPerDay: Int64 = 86_400_000

    /// The zone's offset from UTC, in seconds, at the instant `millis` (Unix milliseconds).
    static func offsetSeconds(at millis: Int64, in zone: Zone) -> Int {
        // Transitions fall on whole seconds, so flooring to the second is exact.
        let seconds = floorDivide(millis, 1000)
        return zone.offsetSeconds(atUnixSeconds: seconds)
    }

    /// Every instant whose local wall time in `zone` is `wallMillis` (milliseconds since 1970-01-01T00:00
    /// read as a wall clock), earliest first, with the offset in force: empty inside a spring-forward gap,
    /// two entries inside a fall-back overlap.
    static func instants(forWall wallMillis: Int64, in zone: Zone) -> [(millis: Int64, offsetSeconds: Int)] {
        var candidates: [Int] = []
        for probe in [wallMillis - millisPerDay, wallMillis, wallMillis + millisPerDay] {
            let offset = offsetSeconds(at: probe, in: zone)
            if !candidates.contains(offset) { candidates.append(offset) }
        }
        var found: [(millis: Int64, offsetSeconds: Int)] = []
        for offset in candidates {
            let instant = wallMillis - Int64(offset) * 1000
            if offsetSeconds(at: instant, in: zone) == offset, !found.contains(where: { $0.millis == instant }) {
                found.append((instant, offset))
            }
        }
        return found.sorted { $0.millis < $1.millis }
    }

    /// The instant a skipped wall time would have had with the offset in force just before the gap; its own
    /// wall time is the requested one pushed forward by the gap (02:30 → 03:30 for a one-hour gap).
    static func instantPastGap(forWall wallMillis: Int64, in zone: Zone) -> Int64 {
        wallMillis - Int64(offsetSeconds(at: wallMillis - millisPerDay, in: zone)) * 1000
    }
}

/// Floor division (rounds towards negative infinity), so instants before 1970 land on the right day.
func floorDivide(_ lhs: Int64, _ rhs: Int64) -> Int64 {
    let quotient = lhs / rhs
    return (lhs % rhs != 0 && (lhs < 0) != (rhs < 0)) ? quotient - 1 : quotient
}

/// A wall-clock reading: a civil day and the milliseconds since its midnight.
struct WallTime: Equatable, Sendable {
    var day: LocalDay
    /// 0 ..< 86_400_000.
    var millisOfDay: Int64

    init(day: LocalDay, millisOfDay: Int64) {
        self.day = day
        self.millisOfDay = millisOfDay
    }

    /// The wall time `millis` milliseconds after 1970-01-01T00:00.
    init(wallMillis millis: Int64) {
        let ordinal = floorDivide(millis, ZoneMath.millisPerDay)
        self.day = LocalDay(ordinal: Int(ordinal))
        self.millisOfDay = millis - ordinal * ZoneMath.millisPerDay
    }

    /// Milliseconds since 1970-01-01T00:00 read as a wall clock.
    var wallMillis: Int64 { Int64(day.ordinal) * ZoneMath.millisPerDay + millisOfDay }

    /// `HH:MM:SS.sss`.
    var clockText: String {
        let seconds = millisOfDay / 1000
        let millis = Int(millisOfDay % 1000)
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : String(millis)
        return "\(twoDigits(Int(seconds / 3600))):\(twoDigits(Int(seconds / 60 % 60))):"
            + "\(twoDigits(Int(seconds % 60))).\(fraction)"
    }

    /// `HH:MM`, with `:SS` (and `.sss`) only when not zero: how a user would have typed it.
    var shortClockText: String {
        let full = clockText
        if millisOfDay % 1000 != 0 { return full }
        if millisOfDay % 60_000 != 0 { return String(full.prefix(8)) }
        return String(full.prefix(5))
    }
}
