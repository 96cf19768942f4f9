import Foundation
import Testing

@testable import FlareKit

private typealias F = TimeFixtures

/// Forms and errors with a fixed now: Wednesday 2026-11-25 08:30 in Europe/Paris (07:30 UTC, +01:00).
@Suite struct TimeParserTests {
    let parser = F.parser()
    let planner = F.parser(allowFuture: true)

    /// Every accepted form that resolves in Paris (+01:00) to an instant on or before now.
    static let pastForms: [(String, Int64)] = [
        ("now", F.now),
        ("  NOW ", F.now),
        ("today", F.now),
        // ISO 8601 without offset: Paris wall time.
        ("2026-11-25T08:30", F.utc(2026, 11, 25, 7, 30)),
        ("2026-11-25 08:30", F.utc(2026, 11, 25, 7, 30)),
        ("2026-11-25t8:05", F.utc(2026, 11, 25, 7, 5)),
        ("2026-11-25T08:29:15", F.utc(2026, 11, 25, 7, 29, 15)),
        ("2026-11-25T08:29:15.25", F.utc(2026, 11, 25, 7, 29, 15, millis: 250)),
        ("2026-11-25T08:29:15,5", F.utc(2026, 11, 25, 7, 29, 15, millis: 500)),
        ("2026-11-25T08:29:15.123999", F.utc(2026, 11, 25, 7, 29, 15, millis: 123)),
        ("2026-11-20 8pm", F.utc(2026, 11, 20, 19)),
        ("2026-11-20 at 7:45 am", F.utc(2026, 11, 20, 6, 45)),
        // A time today.
        ("08:30", F.utc(2026, 11, 25, 7, 30)),
        ("8:30", F.utc(2026, 11, 25, 7, 30)),
        ("07:15:30", F.utc(2026, 11, 25, 6, 15, 30)),
        ("8am", F.utc(2026, 11, 25, 7)),
        ("8 AM", F.utc(2026, 11, 25, 7)),
        ("8 a.m.", F.utc(2026, 11, 25, 7)),
        ("7:15am", F.utc(2026, 11, 25, 6, 15)),
        ("12am", F.utc(2026, 11, 24, 23)),
        ("00:00", F.utc(2026, 11, 24, 23)),
        // Day words: noon without a time.
        ("yesterday", F.utc(2026, 11, 24, 11)),
        ("Yesterday 21:00", F.utc(2026, 11, 24, 20)),
        ("yesterday at 9pm", F.utc(2026, 11, 24, 20)),
        ("yesterday 12pm", F.utc(2026, 11, 24, 11)),
        ("yesterday noon", F.utc(2026, 11, 24, 11)),
        ("today 7am", F.utc(2026, 11, 25, 6)),
        // Weekdays: the most recent one strictly before Wednesday 2026-11-25.
        ("tuesday", F.utc(2026, 11, 24, 11)),
        ("monday", F.utc(2026, 11, 23, 11)),
        ("mon 8pm", F.utc(2026, 11, 23, 19)),
        ("last sunday", F.utc(2026, 11, 22, 11)),
        ("SAT at 07:30", F.utc(2026, 11, 21, 6, 30)),
        ("fri", F.utc(2026, 11, 20, 11)),
        ("thursday", F.utc(2026, 11, 19, 11)),
        ("wednesday", F.utc(2026, 11, 18, 11)),
        ("wed 23:59", F.utc(2026, 11, 18, 22, 59)),
        // Relative.
        ("-2h", F.now - 2 * 3_600_000),
        ("-30m", F.now - 30 * 60_000),
        ("-90s", F.now - 90_000),
        ("- 45 min", F.now - 45 * 60_000),
        ("-3d", F.utc(2026, 11, 22, 7, 30)),
        ("-1w", F.utc(2026, 11, 18, 7, 30)),
        ("2 days ago", F.utc(2026, 11, 23, 7, 30)),
        ("1 day ago", F.utc(2026, 11, 24, 7, 30)),
        ("2d ago", F.utc(2026, 11, 23, 7, 30)),
        ("3 hours ago", F.now - 3 * 3_600_000),
        ("45 minutes ago", F.now - 45 * 60_000),
        ("an hour ago", F.now - 3_600_000),
        ("a week ago", F.utc(2026, 11, 18, 7, 30)),
        ("-0m", F.now),
        // A plain date: noon local.
        ("2026-11-24", F.utc(2026, 11, 24, 11)),
        ("2026-11-25", F.now),  // today's date alone is now, like `today`
    ]

    @Test(arguments: pastForms)
    func formInParis(text: String, millis: Int64) throws {
        let moment = try parser.parse(text)
        #expect(moment.instantMillis == millis, "\(text) → \(moment)")
        #expect(moment.utcOffsetMinutes == 60)
    }

    @Test func nowMatchesTheGivenInstantAndDay() throws {
        let moment = try parser.parse("now")
        #expect(moment.occurredAt == "2026-11-25T07:30:00.000Z")
        #expect(moment.localTimeText == "2026-11-25T08:30:00.000+01:00")
        #expect(moment.localDay == F.day("2026-11-25"))
        #expect(parser.today == F.day("2026-11-25"))
        #expect(parser.moment(at: F.now) == moment)
        let viaDate = WhenParser(now: Date(timeIntervalSince1970: 1_795_591_800.0009), timeZone: F.zone("Europe/Paris"))
        #expect(viaDate.nowMillis == 1_795_591_800_000)
    }

    /// An offset in the text names the instant; the person's zone (here Paris) gives the offset and the day.
    @Test func explicitOffsetsFixTheInstantOnly() throws {
        let z = try parser.parse("2026-11-25T06:00Z")
        #expect(z.instantMillis == F.utc(2026, 11, 25, 6))
        #expect(z.utcOffsetMinutes == 60)
        #expect(z.localTimeText == "2026-11-25T07:00:00.000+01:00")

        for text in [
            "2026-11-25T07:00+01:00", "2026-11-25T07:00+0100", "2026-11-25T07:00+01", "2026-11-25 07:00 +01:00",
        ] {
            let moment = try parser.parse(text)
            #expect(moment.instantMillis == F.utc(2026, 11, 25, 6), "\(text)")
            #expect(moment.utcOffsetMinutes == 60)
        }

        let newYork = try parser.parse("2026-11-24T20:00-05:00")
        #expect(newYork.instantMillis == F.utc(2026, 11, 25, 1))
        #expect(newYork.utcOffsetMinutes == 60)
        #expect(newYork.localDay == F.day("2026-11-25"))  // 02:00 in Paris

        let kolkata = try parser.parse("2026-11-25T10:30:00.5+05:30")
        #expect(kolkata.instantMillis == F.utc(2026, 11, 25, 5, 0, 0, millis: 500))
        #expect(kolkata.utcOffsetMinutes == 60)
    }

    @Test func afternoonTimesAndTomorrowNeedAllowFuture() throws {
        #expect(try planner.parse("12pm").instantMillis == F.utc(2026, 11, 25, 11))
        #expect(try planner.parse("noon").instantMillis == F.utc(2026, 11, 25, 11))
        #expect(try planner.parse("9:15pm").instantMillis == F.utc(2026, 11, 25, 20, 15))
        #expect(try planner.parse("9:15 P.M.").instantMillis == F.utc(2026, 11, 25, 20, 15))
        #expect(try planner.parse("tomorrow").instantMillis == F.utc(2026, 11, 26, 11))
        #expect(try planner.parse("tomorrow 7am").instantMillis == F.utc(2026, 11, 26, 6))
        #expect(try planner.parse("+2h").instantMillis == F.now + 7_200_000)
        #expect(try planner.parse("2026-12-24").instantMillis == F.utc(2026, 12, 24, 11))
        #expect(throws: WhenError.future("12pm", resolved: "2026-11-25T12:00:00.000+01:00")) {
            try parser.parse("12pm")
        }
    }

    @Test func futureToleranceIsFiveMinutes() throws {
        #expect(try parser.parse("+4m").instantMillis == F.now + 240_000)
        #expect(try parser.parse("+5m").instantMillis == F.now + 300_000)
        #expect(try parser.parse("2026-11-25T08:34").instantMillis == F.utc(2026, 11, 25, 7, 34))
        #expect(throws: WhenError.future("+6m", resolved: "2026-11-25T08:36:00.000+01:00")) {
            try parser.parse("+6m")
        }
        #expect(throws: WhenError.self) { try parser.parse("+301s") }
        #expect(throws: WhenError.self) { try parser.parse("2026-11-25T08:36") }
        #expect(throws: WhenError.self) { try parser.parse("tomorrow") }
        #expect(try planner.parse("+6m").instantMillis == F.now + 360_000)
        #expect(try planner.parse("2026-11-25T08:36").instantMillis == F.utc(2026, 11, 25, 7, 36))
        let error = try #require(throws: WhenError.self) { try parser.parse("2026-11-25T09:00") }
        #expect(
            error.description
                == "'2026-11-25T09:00' (2026-11-25T09:00:00.000+01:00) is in the future; "
                + "use --allow-future to record a planned entry")
    }

    @Test(arguments: [
        "", "   ", "later", "last", "last week", "monday blah", "yesterday 8", "8", "2026-11-25T", "2026-11-25 foo",
        "2026/11/25", "25-11-2026", "-2", "-2x", "2 days", "ago", "8:3", "8:30 zz", "2026-11-25T08:30+1",
        "2026-11-25T08:30 utc", "１２:００",
    ])
    func unrecognized(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        #expect(throws: WhenError.unrecognized(trimmed)) { try parser.parse(text) }
    }

    @Test func unrecognizedDescriptionListsTheForms() {
        #expect(
            WhenError.unrecognized("soon").description
                == "cannot read 'soon' as a time; use 2026-11-25T08:30, 08:30, 8am, yesterday 21:00, monday, -2h, "
                + "3 days ago or 2026-11-25")
    }

    static let invalid: [(String, WhenError)] = [
        ("2026-02-30", .invalidDate("2026-02-30")),
        ("2026-02-29T08:00", .invalidDate("2026-02-29")),
        ("2026-13-01", .invalidDate("2026-13-01")),
        ("2026-00-10 8am", .invalidDate("2026-00-10")),
        ("25:00", .invalidTime("25:00")),
        ("08:60", .invalidTime("08:60")),
        ("13pm", .invalidTime("13pm")),
        ("0am", .invalidTime("0am")),
        ("8:75am", .invalidTime("8:75am")),
        ("yesterday 24:00", .invalidTime("24:00")),
        ("2026-11-25T24:00", .invalidTime("2026-11-25T24:00")),
        ("2026-11-25T08:00:61", .invalidTime("2026-11-25T08:00:61")),
        ("2026-11-25T08:30+19:00", .invalidOffset("+19:00")),
        ("2026-11-25T08:30-05:60", .invalidOffset("-05:60")),
        ("1899-12-31", .outOfRange("1899-12-31")),
        ("0226-11-25T08:30", .outOfRange("0226-11-25T08:30")),
        ("2201-01-01", .outOfRange("2201-01-01")),
        ("-99999999d", .outOfRange("-99999999d")),
        ("9999999999999999 hours ago", .outOfRange("9999999999999999 hours ago")),
        ("-10000000h", .outOfRange("-10000000h")),
    ]

    @Test(arguments: invalid)
    func invalidParts(text: String, error: WhenError) {
        #expect(throws: error) { try planner.parse(text) }
    }

    @Test func errorDescriptions() {
        #expect(WhenError.invalidDate("2026-02-30").description == "2026-02-30 is not a date; check the month and day")
        #expect(
            WhenError.invalidTime("25:00").description
                == "25:00 is not a time of day; use 00:00 to 23:59, or 12am to 11:59pm")
        #expect(
            WhenError.invalidOffset("+19:00").description
                == "+19:00 is not a UTC offset; use Z or ±HH:MM such as +01:00 or -05:00")
        #expect(WhenError.outOfRange("1899-12-31").description == "'1899-12-31' is outside the years 1900 to 2200")
    }

    @Test func weekdayOfTodayMeansAWeekAgo() throws {
        // Every weekday name, seen from every day of one week: 1 to 7 days back, never today.
        for offset in 0..<7 {
            let now = F.utc(2026, 11, 23 + offset, 18)  // Monday 2026-11-23 … Sunday 2026-11-29, 19:00 Paris
            let weekParser = F.parser(now: now)
            for (index, name) in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                .enumerated()
            {
                let day = try weekParser.parse(name).localDay
                let back = weekParser.today - day
                #expect((1...7).contains(back), "\(name) from \(weekParser.today)")
                #expect(day.isoWeekday == index + 1)
            }
        }
    }

    @Test func dayForSinceAndUntil() throws {
        #expect(try parser.day("2026-11-25") == F.day("2026-11-25"))
        #expect(try parser.day(" 2030-01-31 ") == F.day("2030-01-31"))
        #expect(try parser.day("yesterday") == F.day("2026-11-24"))
        #expect(try parser.day("tomorrow") == F.day("2026-11-26"))  // no future check for ranges
        #expect(try parser.day("-3d") == F.day("2026-11-22"))
        #expect(try parser.day("monday") == F.day("2026-11-23"))
        #expect(try parser.day("2026-11-25T00:30+02:00") == F.day("2026-11-24"))  // 23:30 in Paris
        #expect(throws: WhenError.invalidDate("2026-02-30")) { try parser.day("2026-02-30") }
        #expect(throws: WhenError.outOfRange("2201-01-01")) { try parser.day("2201-01-01") }
        #expect(throws: WhenError.unrecognized("whenever")) { try parser.day("whenever") }
    }
}
