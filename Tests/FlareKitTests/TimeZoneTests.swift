import Foundation
import Testing

@testable import FlareKit

private typealias F = TimeFixtures

/// Clock changes, unusual offsets and the day-start setting, with exact instants, offsets and days.
@Suite struct TimeZoneTests {
    // MARK: America/New_York, spring forward on 2026-03-08 (02:00 EST → 03:00 EDT).

    let newYorkSpring = F.parser(now: F.utc(2026, 3, 10, 16), zone: "America/New_York")

    @Test func newYorkAroundTheSpringGap() throws {
        let before = try newYorkSpring.parse("2026-03-08T01:59")
        #expect(before.instantMillis == F.utc(2026, 3, 8, 6, 59))
        #expect(before.utcOffsetMinutes == -300)
        let after = try newYorkSpring.parse("2026-03-08T03:00")
        #expect(after.instantMillis == F.utc(2026, 3, 8, 7))
        #expect(after.utcOffsetMinutes == -240)
        #expect(after.localTimeText == "2026-03-08T03:00:00.000-04:00")
        // The two are one minute apart although their wall times are 61 minutes apart.
        #expect(after.instantMillis - before.instantMillis == 60_000)
        #expect(newYorkSpring.moment(at: F.utc(2026, 3, 8, 6, 59, 59, millis: 999)).utcOffsetMinutes == -300)
        #expect(newYorkSpring.moment(at: F.utc(2026, 3, 8, 7)).utcOffsetMinutes == -240)
    }

    @Test func newYorkSkippedWallTimeIsRefused() throws {
        let error = try #require(throws: WhenError.self) { try newYorkSpring.parse("2026-03-08 02:30") }
        #expect(error == .nonexistentLocalTime(wall: "2026-03-08 02:30", zone: "America/New_York", suggestion: "03:30"))
        #expect(
            error.description
                == "2026-03-08 02:30 does not exist in America/New_York (clocks jumped forward); "
                + "use 03:30 or give an offset")
        #expect(
            throws: WhenError.nonexistentLocalTime(
                wall: "2026-03-08 02:00", zone: "America/New_York", suggestion: "03:00")
        ) {
            try newYorkSpring.parse("2026-03-08T02:00")
        }
        #expect(
            throws: WhenError.nonexistentLocalTime(
                wall: "2026-03-08 02:30:15", zone: "America/New_York", suggestion: "03:30:15")
        ) {
            try newYorkSpring.parse("2026-03-08T02:30:15")
        }
        let sundayParser = F.parser(now: F.utc(2026, 3, 9, 16), zone: "America/New_York")
        #expect(
            throws: WhenError.nonexistentLocalTime(
                wall: "2026-03-08 02:30", zone: "America/New_York", suggestion: "03:30")
        ) {
            try sundayParser.parse("yesterday 2:30am")
        }
        // An explicit offset names an instant, so it is accepted; the zone gives the offset then in force.
        let withOffset = try newYorkSpring.parse("2026-03-08T02:30-05:00")
        #expect(withOffset.instantMillis == F.utc(2026, 3, 8, 7, 30))
        #expect(withOffset.utcOffsetMinutes == -240)
        // A UTC instant late in the evening in New York belongs to New York's day, not UTC's.
        let utcLate = try F.parser(now: F.utc(2026, 11, 26, 12), zone: "America/New_York").parse("2026-11-26T02:00Z")
        #expect(utcLate.localDay == LocalDay("2026-11-25"))
        #expect(utcLate.utcOffsetMinutes == -300)
        #expect(ZoneMath.instants(forWall: F.utc(2026, 3, 8, 2, 30), in: F.zone("America/New_York")).isEmpty)
    }

    @Test func newYorkRelativeDaysKeepTheWallClock() throws {
        // Monday 12:00 EDT minus two days is Saturday 12:00 EST: 47 hours, not 48.
        let monday = F.parser(now: F.utc(2026, 3, 9, 16), zone: "America/New_York")
        let twoDays = try monday.parse("-2d")
        #expect(twoDays.instantMillis == F.utc(2026, 3, 7, 17))
        #expect(twoDays.utcOffsetMinutes == -300)
        #expect(try monday.parse("-48h").instantMillis == F.utc(2026, 3, 7, 16))
        // From 02:30 EDT on Tuesday, two days back lands in the gap and moves forward by it.
        let early = F.parser(now: F.utc(2026, 3, 10, 6, 30), zone: "America/New_York")
        let intoGap = try early.parse("2 days ago")
        #expect(intoGap.instantMillis == F.utc(2026, 3, 8, 7, 30))
        #expect(intoGap.localTimeText == "2026-03-08T03:30:00.000-04:00")
    }

    // MARK: America/New_York, fall back on 2026-11-01 (02:00 EDT → 01:00 EST).

    let newYorkFall = F.parser(now: F.utc(2026, 11, 2, 17), zone: "America/New_York")

    @Test func newYorkRepeatedWallTimeTakesTheEarlierInstant() throws {
        let ambiguous = try newYorkFall.parse("2026-11-01T01:30")
        #expect(ambiguous.instantMillis == F.utc(2026, 11, 1, 5, 30))
        #expect(ambiguous.utcOffsetMinutes == -240)
        #expect(ambiguous.localTimeText == "2026-11-01T01:30:00.000-04:00")
        #expect(ambiguous.localDay == F.day("2026-11-01"))
        let candidates = ZoneMath.instants(forWall: F.utc(2026, 11, 1, 1, 30), in: F.zone("America/New_York"))
        #expect(candidates.map(\.millis) == [F.utc(2026, 11, 1, 5, 30), F.utc(2026, 11, 1, 6, 30)])
        #expect(candidates.map(\.offsetSeconds) == [-14_400, -18_000])

        let second = try newYorkFall.parse("2026-11-01T01:30-05:00")
        #expect(second.instantMillis == F.utc(2026, 11, 1, 6, 30))
        #expect(second.utcOffsetMinutes == -300)
        #expect(newYorkFall.moment(at: F.utc(2026, 11, 1, 6, 30)).localTimeText == "2026-11-01T01:30:00.000-05:00")

        let cases: [(String, Int64, Int)] = [
            ("2026-11-01 00:59", F.utc(2026, 11, 1, 4, 59), -240),
            ("2026-11-01 01:00", F.utc(2026, 11, 1, 5), -240),
            ("2026-11-01 01:59:59.999", F.utc(2026, 11, 1, 5, 59, 59, millis: 999), -240),
            ("2026-11-01 02:00", F.utc(2026, 11, 1, 7), -300),
            ("yesterday 1:30am", F.utc(2026, 11, 1, 5, 30), -240),
        ]
        for (text, millis, offset) in cases {
            let moment = try newYorkFall.parse(text)
            #expect(moment.instantMillis == millis, "\(text)")
            #expect(moment.utcOffsetMinutes == offset, "\(text)")
        }
    }

    // MARK: Other zones.

    @Test func kiritimatiLocalDayIsAheadOfUTC() throws {
        // 12:00 UTC on the 25th is 02:00 on the 26th at +14:00.
        let parser = F.parser(now: F.utc(2026, 11, 25, 12), zone: "Pacific/Kiritimati")
        #expect(parser.now.utcOffsetMinutes == 840)
        #expect(parser.now.occurredAt == "2026-11-25T12:00:00.000Z")
        #expect(parser.now.localTimeText == "2026-11-26T02:00:00.000+14:00")
        #expect(parser.today == F.day("2026-11-26"))
        #expect(try parser.parse("01:00").instantMillis == F.utc(2026, 11, 25, 11))
        let lateYesterday = try parser.parse("yesterday 23:00")
        #expect(lateYesterday.instantMillis == F.utc(2026, 11, 25, 9))
        #expect(lateYesterday.localDay == F.day("2026-11-25"))
        #expect(try parser.parse("2026-11-26").instantMillis == F.utc(2026, 11, 25, 12))
        let date = try parser.parse("2026-11-20")
        #expect(date.instantMillis == F.utc(2026, 11, 19, 22))
        #expect(date.localDay == F.day("2026-11-20"))
        #expect(try parser.day("now") == F.day("2026-11-26"))
    }

    @Test func kiritimatiSkippedAWholeDay() {
        // The Line Islands went from -10:00 to +14:00 after 1994-12-30: 1994-12-31 never happened there.
        let parser = F.parser(now: F.utc(2026, 11, 25, 12), zone: "Pacific/Kiritimati")
        #expect(
            throws: WhenError.nonexistentLocalTime(
                wall: "1994-12-31 12:00", zone: "Pacific/Kiritimati", suggestion: "1995-01-01 12:00")
        ) { try parser.parse("1994-12-31T12:00") }
        #expect(parser.moment(at: F.utc(1994, 12, 31, 9, 59)).utcOffsetMinutes == -600)
        #expect(parser.moment(at: F.utc(1994, 12, 31, 10)).localTimeText == "1995-01-01T00:00:00.000+14:00")
    }

    @Test func adakHasItsOwnClockChanges() throws {
        let parser = F.parser(now: F.utc(2026, 11, 25, 22), zone: "America/Adak")  // 12:00 HST
        let cases: [(String, Int64, Int)] = [
            ("08:00", F.utc(2026, 11, 25, 18), -600),
            ("2026-07-01T12:00", F.utc(2026, 7, 1, 21), -540),
            ("2026-03-08T01:59", F.utc(2026, 3, 8, 11, 59), -600),
            ("2026-03-08T03:00", F.utc(2026, 3, 8, 12), -540),
            ("2026-11-01T01:30", F.utc(2026, 11, 1, 10, 30), -540),
            ("2026-11-01T01:30-10:00", F.utc(2026, 11, 1, 11, 30), -600),
        ]
        for (text, millis, offset) in cases {
            let moment = try parser.parse(text)
            #expect(moment.instantMillis == millis, "\(text)")
            #expect(moment.utcOffsetMinutes == offset, "\(text)")
        }
        #expect(
            throws: WhenError.nonexistentLocalTime(wall: "2026-03-08 02:30", zone: "America/Adak", suggestion: "03:30")
        ) { try parser.parse("2026-03-08T02:30") }
    }

    @Test func kolkataHalfHourOffset() throws {
        let parser = F.parser(zone: "Asia/Kolkata")  // now is 13:00 IST
        let morning = try parser.parse("08:30")
        #expect(morning.instantMillis == F.utc(2026, 11, 25, 3))
        #expect(morning.utcOffsetMinutes == 330)
        #expect(morning.localTimeText == "2026-11-25T08:30:00.000+05:30")
        let late = try parser.parse("yesterday 23:45")
        #expect(late.instantMillis == F.utc(2026, 11, 24, 18, 15))
        #expect(late.localDay == F.day("2026-11-24"))
        let midnight = try parser.parse("12am")
        #expect(midnight.instantMillis == F.utc(2026, 11, 24, 18, 30))
        #expect(midnight.localDay == F.day("2026-11-25"))
    }

    @Test func parisLocalMeanTimeOffsetIsTruncatedToMinutes() throws {
        // Paris Mean Time was +00:09:21 until 1911; the wall time is solved exactly, the stored offset is 9 min.
        let moment = try F.parser().parse("1900-06-01T12:00")
        #expect(moment.instantMillis == F.utc(1900, 6, 1, 11, 50, 39))
        #expect(moment.utcOffsetMinutes == 9)
        #expect(moment.localDay == F.day("1900-06-01"))
    }

    // MARK: Day start 04:00 in Paris, now 02:00 on the calendar morning of 2026-11-25.

    let owl = F.parser(now: F.utc(2026, 11, 25, 1), dayStart: DayStart("04:00")!)

    @Test func dayStartMovesTheSmallHoursToThePreviousDay() throws {
        #expect(owl.today == F.day("2026-11-24"))
        #expect(owl.now.localDay == F.day("2026-11-24"))
        #expect(owl.moment(at: F.utc(2026, 11, 25, 2, 59, 59, millis: 999)).localDay == F.day("2026-11-24"))
        #expect(owl.moment(at: F.utc(2026, 11, 25, 3)).localDay == F.day("2026-11-25"))  // 04:00 local

        let cases: [(String, Int64, String)] = [
            // Times name the current tracking day: before 04:00 they are on the next calendar date.
            ("01:30", F.utc(2026, 11, 25, 0, 30), "2026-11-24"),
            ("23:00", F.utc(2026, 11, 24, 22), "2026-11-24"),
            ("04:00", F.utc(2026, 11, 24, 3), "2026-11-24"),
            ("today 1am", F.utc(2026, 11, 25), "2026-11-24"),
            ("yesterday 01:00", F.utc(2026, 11, 24), "2026-11-23"),
            ("yesterday", F.utc(2026, 11, 23, 11), "2026-11-23"),
            ("monday", F.utc(2026, 11, 23, 11), "2026-11-23"),  // today is Tuesday 2026-11-24
            ("-1d", F.utc(2026, 11, 24, 1), "2026-11-23"),
            // Numeric date-times are calendar times; their day follows from the day start.
            ("2026-11-25T01:00", F.utc(2026, 11, 25), "2026-11-24"),
            ("2026-11-24T04:00", F.utc(2026, 11, 24, 3), "2026-11-24"),
            ("2026-11-24T03:59", F.utc(2026, 11, 24, 2, 59), "2026-11-23"),
            ("2026-11-23", F.utc(2026, 11, 23, 11), "2026-11-23"),
        ]
        for (text, millis, day) in cases {
            let moment = try owl.parse(text)
            #expect(moment.instantMillis == millis, "\(text) → \(moment)")
            #expect(moment.localDay == F.day(day), "\(text)")
        }
        // 03:59 of the current tracking day is still ahead (the calendar morning of the 25th).
        let planner = F.parser(now: F.utc(2026, 11, 25, 1), dayStart: DayStart("04:00")!, allowFuture: true)
        let lateNight = try planner.parse("03:59")
        #expect(lateNight.instantMillis == F.utc(2026, 11, 25, 2, 59))
        #expect(lateNight.localDay == F.day("2026-11-24"))
        #expect(throws: WhenError.self) { try owl.parse("03:59") }
        #expect(try owl.day("now") == F.day("2026-11-24"))
        #expect(try owl.day("2026-11-25") == F.day("2026-11-25"))
        #expect(try owl.day("01:00") == F.day("2026-11-24"))
    }
}
