import FoundationEssentials

/// Reads the times people type (`08:30`, `yesterday 9pm`, `-2h`, `2026-11-25T08:30+01:00`) into moments.
///
/// Pure: the current instant, the time zone and the day-start setting are parameters, so the same
/// inputs always give the same moment. Forms (case-insensitive, surrounding spaces ignored):
/// - ISO 8601 `2026-11-25T08:30`, `2026-11-25 08:30`, with seconds, fractions and `Z`/`+01:00`/`+0100`/`+01`;
///   an explicit offset fixes the instant; the moment's offset and day are still those of `timeZone`.
/// - a time today: `08:30`, `8:30`, `8am`, `8 am`, `9:15pm`, `12am` (midnight), `12pm` and `noon`.
/// - `now`; `today`, `yesterday`, `tomorrow`, a weekday (`mon`, `last monday`) or a date `2026-11-25`,
///   each optionally followed by a time (`yesterday 21:00`, `monday at 8pm`). Without a time, `today` (and
///   today's date) is now and the others are noon. A weekday is the most recent such day before today (a
///   week ago when today is that weekday).
/// - relative: `-2h`, `-30m`, `-90s`, `-3d`, `-1w`, `+2h`, `3 hours ago`, `an hour ago`, `2d ago`. Seconds,
///   minutes and hours are exact durations; days and weeks keep the wall-clock time (a skipped time moves
///   forward by the gap).
///
/// Day words and times without a date name *tracking* days: with day-start 04:00, `yesterday 01:00` is
/// 01:00 on the calendar morning after yesterday, so it still counts for yesterday. Numeric dates are
/// calendar dates (`2026-11-25 02:00` is that calendar night, counting for 2026-11-24 with day-start 04:00).
///
/// A wall time skipped by a clock change is refused (`WhenError.nonexistentLocalTime`); a repeated one
/// (clocks fell back) is the earlier instant. Moments more than five minutes ahead need `allowFuture`.
public struct WhenParser: Sendable {
    /// How far past now a time may be without `allowFuture` (clock skew, "I'll take it now").
    public static let futureToleranceMillis: Int64 = 5 * 60_000
    /// Years outside this range are refused as typos.
    public static let years = 1900...2200

    /// The current instant, Unix milliseconds.
    public let nowMillis: Int64
    public let timeZone: Zone
    public let dayStart: DayStart
    /// Accept moments more than five minutes after now (planned entries).
    public let allowFuture: Bool

    public init(nowMillis: Int64, timeZone: Zone, dayStart: DayStart = .midnight, allowFuture: Bool = false) {
        self.nowMillis = nowMillis
        self.timeZone = timeZone
        self.dayStart = dayStart
        self.allowFuture = allowFuture
    }

    public init(now: Date, timeZone: Zone, dayStart: DayStart = .midnight, allowFuture: Bool = false) {
        self.init(
            nowMillis: Timestamp.millis(of: now), timeZone: timeZone, dayStart: dayStart, allowFuture: allowFuture)
    }

    /// The current moment.
    public var now: Moment { moment(at: nowMillis) }

    /// The current tracking day (day-start applied).
    public var today: LocalDay { now.localDay }

    /// The moment at `instantMillis` in this parser's zone, its day computed with the day-start.
    public func moment(at instantMillis: Int64) -> Moment {
        moment(at: instantMillis, offsetSeconds: ZoneMath.offsetSeconds(at: instantMillis, in: timeZone))
    }

    /// Reads `text` as a moment.
    /// - Throws: `WhenError` when the text is unreadable, names a date or time that does not exist, or lies
    ///   more than five minutes in the future without `allowFuture`.
    public func parse(_ text: String) throws(WhenError) -> Moment {
        let original = text.trimmed()
        let moment = try resolve(original)
        if !allowFuture, moment.instantMillis > nowMillis + WhenParser.futureToleranceMillis {
            throw .future(original, resolved: moment.localTimeText)
        }
        return moment
    }

    /// Reads `text` as a tracking day for `--since`/`--until`: `YYYY-MM-DD` as is, anything else `parse`
    /// accepts as the day of its moment (future days allowed).
    public func day(_ text: String) throws(WhenError) -> LocalDay {
        let original = text.trimmed()
        if let match = original.wholeMatch(of: /([0-9]{4})-([0-9]{2})-([0-9]{2})/) {
            return try calendarDay(match.1, match.2, match.3, text: original)
        }
        return try resolve(original).localDay
    }

    // MARK: - Forms

    private func resolve(_ original: String) throws(WhenError) -> Moment {
        let text = original.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let moment: Moment
        if text == "now" {
            moment = now
        } else if let match = text.wholeMatch(
            of:
                #/
                ([0-9]{4})-([0-9]{2})-([0-9]{2}) [t\ ] ([0-9]{1,2}):([0-9]{2})
                (?: :([0-9]{2}) (?: [.,]([0-9]{1,9}) )? )?
                \ ? ( z | [+-][0-9]{2} (?: :?[0-9]{2} )? )?
                /#
        ) {
            let day = try calendarDay(match.1, match.2, match.3, text: original)
            let time = try clock(match.4, match.5, match.6, match.7, text: original)
            if let offsetText = match.8 {
                let offset = try offsetSeconds(offsetText)
                let wall = WallTime(day: day, millisOfDay: time)
                // The offset only names the instant; the person's zone still decides its offset and day.
                moment = self.moment(at: wall.wallMillis - Int64(offset) * 1000)
            } else {
                moment = try atWall(WallTime(day: day, millisOfDay: time), strict: true)
            }
        } else if let match = text.wholeMatch(of: /([0-9]{4})-([0-9]{2})-([0-9]{2})(?: (?:at )?(.+))?/) {
            let day = try calendarDay(match.1, match.2, match.3, text: original)
            if let timeText = match.4 {
                guard let time = try timeOfDay(timeText) else { throw .unrecognized(original) }
                moment = try atWall(WallTime(day: day, millisOfDay: time), strict: true)
            } else {
                // Like `today`, today's date on its own is now rather than a noon that may be ahead.
                moment = day == today ? now : try onTrackingDay(day, at: noon)
            }
        } else if let time = try timeOfDay(Substring(text)) {
            moment = try onTrackingDay(today, at: time)
        } else if let relative = try relativeMoment(text, original: original) {
            moment = relative
        } else if let (day, timeText) = namedDay(text) {
            if let timeText {
                guard let time = try timeOfDay(timeText) else { throw .unrecognized(original) }
                moment = try onTrackingDay(day, at: time)
            } else {
                moment = day == today ? now : try onTrackingDay(day, at: noon)
            }
        } else {
            throw .unrecognized(original)
        }
        guard WhenParser.years.contains(moment.localWallTime.day.components.year) else {
            throw .outOfRange(original)
        }
        return moment
    }

    private var noon: Int64 { 12 * 3_600_000 }

    /// `today`/`yesterday`/`tomorrow`/a weekday, and the rest of the text (a time, after an optional `at`).
    private func namedDay(_ text: String) -> (LocalDay, Substring?)? {
        var words = text.split(separator: " ")[...]
        guard let first = words.popFirst() else { return nil }
        let day: LocalDay
        switch first {
        case "today": day = today
        case "yesterday": day = today - 1
        case "tomorrow": day = today + 1
        default:
            var name = first
            if first == "last" {
                guard let next = words.popFirst() else { return nil }
                name = next
            }
            guard let weekday = WhenParser.weekday(name) else { return nil }
            let back = (today.isoWeekday - weekday + 7) % 7
            day = today - (back == 0 ? 7 : back)
        }
        if words.first == "at" { words.removeFirst() }
        if words.isEmpty { return (day, nil) }
        return (day, Substring(words.joined(separator: " ")))
    }

    /// Monday = 1 … Sunday = 7, from a full or abbreviated English weekday name.
    private static func weekday(_ name: Substring) -> Int? {
        switch name {
        case "mon", "monday": 1
        case "tue", "tues", "tuesday": 2
        case "wed", "weds", "wednesday": 3
        case "thu", "thur", "thurs", "thursday": 4
        case "fri", "friday": 5
        case "sat", "saturday": 6
        case "sun", "sunday": 7
        default: nil
        }
    }

    /// `-2h`, `+30m`, `3 days ago`, `an hour ago`; nil when the text is not relative.
    private func relativeMoment(_ text: String, original: String) throws(WhenError) -> Moment? {
        let amountText: Substring
        let unitText: Substring
        let sign: Int64
        if let match = text.wholeMatch(of: /([+-]) ?([0-9]+) ?([a-z]+)/) {
            (sign, amountText, unitText) = (match.1 == "-" ? -1 : 1, match.2, match.3)
        } else if let match = text.wholeMatch(of: /([0-9]+|an?|one) ?([a-z]+) ago/) {
            (sign, amountText, unitText) = (-1, match.1, match.2)
        } else {
            return nil
        }
        guard let unit = WhenParser.unitMillis(unitText) else { return nil }
        let amount: Int64
        switch amountText {
        case "a", "an", "one": amount = 1
        default:
            // Twelve digits keep every product below in range; anything that large is out of range anyway.
            guard amountText.count <= 12, let value = Int64(amountText) else { throw .outOfRange(original) }
            amount = value
        }
        if unit < ZoneMath.millisPerDay {
            return moment(at: nowMillis + sign * amount * unit)
        }
        // Days and weeks: the same wall-clock time on another calendar day.
        let nowWall = wallTime(at: nowMillis)
        let days = sign * amount * (unit / ZoneMath.millisPerDay)
        guard abs(days) < 1_000_000 else { throw .outOfRange(original) }
        let target = WallTime(day: nowWall.day + Int(days), millisOfDay: nowWall.millisOfDay)
        guard WhenParser.years.contains(target.day.components.year) else { throw .outOfRange(original) }
        return try atWall(target, strict: false)
    }

    private static func unitMillis(_ unit: Substring) -> Int64? {
        switch unit {
        case "s", "sec", "secs", "second", "seconds": 1000
        case "m", "min", "mins", "minute", "minutes": 60_000
        case "h", "hr", "hrs", "hour", "hours": 3_600_000
        case "d", "day", "days": ZoneMath.millisPerDay
        case "w", "wk", "wks", "week", "weeks": 7 * ZoneMath.millisPerDay
        default: nil
        }
    }

    // MARK: - Pieces

    /// A time of day in milliseconds since midnight: `08:30`, `8:30:15.5`, `8am`, `9:15 pm`, `noon`; nil
    /// when the text does not look like a time.
    /// - Throws: `WhenError.invalidTime` when it looks like one but is not (`25:00`, `13pm`).
    private func timeOfDay(_ text: Substring) throws(WhenError) -> Int64? {
        if text == "noon" { return noon }
        if let match = text.wholeMatch(of: /([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?/) {
            return try clock(match.1, match.2, match.3, match.4, text: String(text))
        }
        if let match = text.wholeMatch(of: /([0-9]{1,2})(?::([0-9]{2}))? ?([ap])\.?m\.?/) {
            guard let hour = decimal(match.1.utf8), (1...12).contains(hour) else { throw .invalidTime(String(text)) }
            let minutes = try match.2.map { (minutes) throws(WhenError) -> Int in
                guard let value = decimal(minutes.utf8), value < 60 else { throw .invalidTime(String(text)) }
                return value
            }
            let hour24 = hour % 12 + (match.3 == "p" ? 12 : 0)
            return Int64(hour24 * 60 + (minutes ?? 0)) * 60_000
        }
        return nil
    }

    /// Milliseconds since midnight from 24-hour clock fields.
    private func clock(
        _ hours: Substring, _ minutes: Substring, _ seconds: Substring?, _ fraction: Substring?, text: String
    ) throws(WhenError) -> Int64 {
        guard let hour = decimal(hours.utf8), let minute = decimal(minutes.utf8), hour < 24, minute < 60 else {
            throw .invalidTime(text)
        }
        var second = 0
        if let seconds {
            guard let value = decimal(seconds.utf8), value < 60 else { throw .invalidTime(text) }
            second = value
        }
        // Milliseconds: the first three digits of the fraction, padded ("5" is 500 ms).
        let millis =
            fraction.map { decimal(($0.prefix(3) + String(repeating: "0", count: 3)).prefix(3).utf8) ?? 0 } ?? 0
        return Int64(((hour * 60 + minute) * 60 + second) * 1000 + millis)
    }

    private func calendarDay(
        _ year: Substring, _ month: Substring, _ day: Substring, text: String
    ) throws(WhenError) -> LocalDay {
        guard let year = decimal(year.utf8), let month = decimal(month.utf8), let dayNumber = decimal(day.utf8),
            let result = LocalDay(year: year, month: month, day: dayNumber)
        else { throw .invalidDate(String(text.prefix(10))) }
        guard WhenParser.years.contains(year) else { throw .outOfRange(text) }
        return result
    }

    /// `z`, `+01`, `+0100` or `+01:00` in seconds east of UTC, at most 18 hours.
    private func offsetSeconds(_ text: Substring) throws(WhenError) -> Int {
        if text == "z" { return 0 }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard let hours = decimal(digits.prefix(2).utf8),
            let minutes = digits.count == 4 ? decimal(digits.suffix(2).utf8) : 0,
            minutes < 60, hours * 60 + minutes <= 18 * 60
        else { throw .invalidOffset(String(text)) }
        return (text.first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    // MARK: - Zone

    /// The moment at time `millisOfDay` of tracking day `day`: a time before the day-start falls on the next
    /// calendar date, so the moment still counts for `day`.
    private func onTrackingDay(_ day: LocalDay, at millisOfDay: Int64) throws(WhenError) -> Moment {
        let calendarDay = millisOfDay < Int64(dayStart.minutes) * 60_000 ? day + 1 : day
        return try atWall(WallTime(day: calendarDay, millisOfDay: millisOfDay), strict: true)
    }

    /// The moment whose local wall time is `wall`; the earlier one when clocks fell back.
    /// - Throws: `WhenError.nonexistentLocalTime` for a skipped wall time when `strict`; otherwise such a time
    ///   moves forward by the gap.
    private func atWall(_ wall: WallTime, strict: Bool) throws(WhenError) -> Moment {
        if let first = ZoneMath.instants(forWall: wall.wallMillis, in: timeZone).first {
            return moment(at: first.millis, offsetSeconds: first.offsetSeconds)
        }
        let pastGap = ZoneMath.instantPastGap(forWall: wall.wallMillis, in: timeZone)
        guard strict else { return moment(at: pastGap) }
        let suggested = wallTime(at: pastGap)
        throw .nonexistentLocalTime(
            wall: "\(wall.day) \(wall.shortClockText)",
            zone: timeZone.identifier,
            suggestion: suggested.day == wall.day
                ? suggested.shortClockText : "\(suggested.day) \(suggested.shortClockText)"
        )
    }

    /// The zone's wall time at an instant, with the exact offset (seconds included).
    private func wallTime(at instantMillis: Int64) -> WallTime {
        WallTime(wallMillis: instantMillis + Int64(ZoneMath.offsetSeconds(at: instantMillis, in: timeZone)) * 1000)
    }

    private func moment(at instantMillis: Int64, offsetSeconds: Int) -> Moment {
        // Offsets with seconds only occur before 1972 (local mean times); the stored offset is in minutes.
        Moment(instantMillis: instantMillis, utcOffsetMinutes: offsetSeconds / 60, dayStart: dayStart)
    }
}
