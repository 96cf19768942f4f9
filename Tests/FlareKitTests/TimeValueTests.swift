import Foundation
import Testing

@testable import FlareKit

@Suite struct TimeValueTests {
    @Test(arguments: [("0:00", 0), ("00:00", 0), ("4:00", 240), ("04:00", 240), ("23:59", 1439), (" 04:30 ", 270)])
    func dayStartParses(text: String, minutes: Int) throws {
        let start = try #require(DayStart(text))
        #expect(start.minutes == minutes)
    }

    @Test(arguments: ["", "4", "04:0", "004:00", "24:00", "04:60", "-1:00", "4:5a", "04-00", "4h"])
    func dayStartRejects(text: String) {
        #expect(DayStart(text) == nil)
    }

    @Test func dayStartDescriptionIsPadded() {
        #expect(DayStart("4:05")?.description == "04:05")
        #expect(DayStart.midnight.description == "00:00")
        #expect(DayStart(minutes: 1439)?.description == "23:59")
        #expect(DayStart(minutes: 1440) == nil)
    }

    @Test func timestampFormatsUTCWithMilliseconds() {
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(1_795_591_800_000) == "2026-11-25T07:30:00.000Z")
        #expect(Timestamp.format(1_795_591_800_007) == "2026-11-25T07:30:00.007Z")
        #expect(Timestamp.format(-1) == "1969-12-31T23:59:59.999Z")
    }

    @Test(arguments: [
        Int64(0), -1, 1_795_591_800_123, TimeFixtures.utc(1900, 1, 1),
        TimeFixtures.utc(2200, 12, 31, 23, 59, 59, millis: 999),
    ])
    func timestampRoundTrips(millis: Int64) {
        #expect(Timestamp.parse(Timestamp.format(millis)) == millis)
    }

    @Test(arguments: [
        "", "2026-11-25T07:30:00Z", "2026-11-25T07:30:00.000", "2026-11-25 07:30:00.000Z", "2026-02-30T07:30:00.000Z",
        "2026-11-25T24:00:00.000Z", "2026-11-25T07:60:00.000Z", "2026-11-25T07:30:00.00aZ",
    ])
    func timestampParseIsStrict(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func timestampNowIsRecent() throws {
        let millis = try #require(Timestamp.parse(Timestamp.now()))
        #expect(abs(millis - Timestamp.millis(of: Date())) < 60_000)
    }

    @Test func momentTexts() {
        let paris = Moment(instantMillis: 1_795_591_800_000, utcOffsetMinutes: 60, dayStart: .midnight)
        #expect(paris.occurredAt == "2026-11-25T07:30:00.000Z")
        #expect(paris.localTimeText == "2026-11-25T08:30:00.000+01:00")
        #expect(paris.localDay == TimeFixtures.day("2026-11-25"))

        let newYork = Moment(instantMillis: 1_795_591_800_000, utcOffsetMinutes: -300, dayStart: .midnight)
        #expect(newYork.localTimeText == "2026-11-25T02:30:00.000-05:00")

        let kolkata = Moment(instantMillis: 1_795_591_800_000 + 45, utcOffsetMinutes: 330, dayStart: .midnight)
        #expect(kolkata.localTimeText == "2026-11-25T13:00:00.045+05:30")

        let utc = Moment(instantMillis: 0, utcOffsetMinutes: 0, dayStart: .midnight)
        #expect(utc.localTimeText == "1970-01-01T00:00:00.000+00:00")
        #expect(utc.description == utc.localTimeText)

        let beforeEpoch = Moment(instantMillis: -1, utcOffsetMinutes: -30, dayStart: .midnight)
        #expect(beforeEpoch.localTimeText == "1969-12-31T23:29:59.999-00:30")
        #expect(beforeEpoch.localDay == TimeFixtures.day("1969-12-31"))
    }

    @Test func momentDayAppliesDayStart() throws {
        let four = try #require(DayStart("04:00"))
        // 02:00 and 03:59:59.999 in Paris (+01:00) belong to the previous day; 04:00 to its own.
        let two = Moment(instantMillis: TimeFixtures.utc(2026, 11, 25, 1), utcOffsetMinutes: 60, dayStart: four)
        #expect(two.localDay == TimeFixtures.day("2026-11-24"))
        let justBefore = Moment(
            instantMillis: TimeFixtures.utc(2026, 11, 25, 2, 59, 59, millis: 999), utcOffsetMinutes: 60, dayStart: four)
        #expect(justBefore.localDay == TimeFixtures.day("2026-11-24"))
        let atFour = Moment(instantMillis: TimeFixtures.utc(2026, 11, 25, 3), utcOffsetMinutes: 60, dayStart: four)
        #expect(atFour.localDay == TimeFixtures.day("2026-11-25"))
        // The text shows the wall clock, not the tracking day.
        #expect(two.localTimeText == "2026-11-25T02:00:00.000+01:00")
    }
}
