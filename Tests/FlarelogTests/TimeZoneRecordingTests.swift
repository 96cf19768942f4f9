import FlareKit
import Foundation
import Testing

/// `--at`, clock changes, unusual zones and day-start, through the binary with TZ set; every date is in
/// the past (or far in the future on purpose) so the tests do not depend on today.
@Suite struct TimeZoneRecordingTests {
    func cli(_ zone: String) throws -> CLI {
        let cli = try CLI(timeZone: zone)
        try cli.ok(["init"])
        return cli
    }

    @Test func aZoneNamedWithALeadingColonIsThatZone() throws {
        let entry = try cli(":America/New_York").log(["trigger", "stress", "5"], at: "2026-06-10T08:30")
        #expect(entry["occurred_at"] as? String == "2026-06-10T12:30:00.000Z")
        #expect(entry["utc_offset_min"] as? Int == -240)
    }

    /// Every form of TZ glibc reads, with its offsets (not UTC in silence), in winter and in summer.
    @Test(arguments: [
        ("EST+5", -300, -300),
        ("<-05>5", -300, -300),
        ("CET-1CEST,M3.5.0,M10.5.0/3", 60, 120),
        ("EST5EDT,M3.2.0,M11.1.0", -300, -240),
        ("/usr/share/zoneinfo/America/New_York", -300, -240),
        (":/usr/share/zoneinfo/Asia/Kolkata", 330, 330),
    ])
    func posixRulesAndZonePaths(tz: String, winter: Int, summer: Int) throws {
        let cli = try cli(tz)
        #expect(try cli.log(["trigger", "stress", "5"], at: "2026-01-15 08:30")["utc_offset_min"] as? Int == winter)
        let july = try cli.log(["trigger", "stress", "5"], at: "2026-07-15 23:30")
        #expect(july["utc_offset_min"] as? Int == summer)
        #expect(july["local_day"] as? String == "2026-07-15")
    }

    /// A TZ glibc does not understand would be UTC without a word: it is a usage error, before any file is made.
    @Test func anUnknownZoneIsRefused() throws {
        let cli = try CLI(timeZone: "garbage")
        let message = try cli.fails(["log", "trigger", "stress", "5"], status: 64, containing: "unknown time zone")
        #expect(message.hasPrefix("flarelog: error: unknown time zone 'garbage' in TZ; use a zone name such as "))
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        try cli.fails(["list"], status: 64, containing: "unknown time zone 'garbage' in TZ")
    }

    /// Without TZ the system zone (`/etc/localtime`) decides.
    @Test func withoutTZTheSystemZoneDecides() throws {
        var cli = try cli("UTC")
        cli.environment["TZ"] = nil
        let entry = try cli.log(["trigger", "stress", "5"], at: "2026-01-15T08:30")
        let offset = try #require(entry["utc_offset_min"] as? Int)
        let occurred = try #require(instant(entry["occurred_at"]))
        // Not `TimeZone.current`: it reads this process's TZ, which the in-process zone tests set (see `Zone`).
        let system = try Zone(tz: nil)
        #expect(offset * 60 == system.offsetSeconds(atUnixSeconds: Int64(occurred.timeIntervalSince1970)))
        #expect(occurred.addingTimeInterval(Double(offset * 60)) == instant("2026-01-15T08:30:00.000Z"))
    }

    @Test func relativeTimesParseEvenWhenTheyLookLikeOptions() throws {
        let cli = try cli("Europe/Berlin")
        let entry = try cli.log(["trigger", "stress", "5"], at: "-2h")
        let occurred = try #require(instant(entry["occurred_at"]))
        #expect(abs(occurred.timeIntervalSinceNow + 7200) < 120)
        let glued = try cli.object(["log", "trigger", "stress", "5", "--at=-30m"])
        #expect(abs(try #require(instant(glued["occurred_at"])).timeIntervalSinceNow + 1800) < 120)
    }

    @Test(arguments: [
        ("2026-06-10T08:30", "2026-06-10T06:30:00.000Z", 120),
        ("2026-06-10 08:30", "2026-06-10T06:30:00.000Z", 120),
        ("2026-06-10 8:30:15.5", "2026-06-10T06:30:15.500Z", 120),
        ("2026-06-10T08:30Z", "2026-06-10T08:30:00.000Z", 120),
        ("2026-06-10T08:30-05:00", "2026-06-10T13:30:00.000Z", 120),
        ("2026-01-15 08:30", "2026-01-15T07:30:00.000Z", 60),
        ("2026-06-10 9pm", "2026-06-10T19:00:00.000Z", 120),
        ("2026-06-10 at noon", "2026-06-10T10:00:00.000Z", 120),
        ("2026-06-10", "2026-06-10T10:00:00.000Z", 120),
    ])
    func absoluteForms(text: String, occurredAt: String, offset: Int) throws {
        let cli = try cli("Europe/Berlin")
        let entry = try cli.log(["trigger", "stress", "5"], at: text)
        #expect(entry["occurred_at"] as? String == occurredAt)
        #expect(entry["utc_offset_min"] as? Int == offset)
    }

    @Test func dayWordsAndTimesResolveAgainstNow() throws {
        let cli = try cli("UTC")
        let yesterday = try cli.log(["trigger", "stress", "5"], at: "yesterday 21:00")
        let day = ISO8601DateFormatter.string(
            from: Date().addingTimeInterval(-86_400), timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withFullDate])
        #expect(yesterday["occurred_at"] as? String == "\(day)T21:00:00.000Z")
        let ago = try cli.log(["trigger", "stress", "5"], at: "3 hours ago")
        #expect(abs(try #require(instant(ago["occurred_at"])).timeIntervalSinceNow + 3 * 3600) < 120)
    }

    @Test func theFutureNeedsAllowFuture() throws {
        let cli = try cli("UTC")
        let message = try cli.refuses(
            ["log", "trigger", "stress", "5", "--at", "2199-01-01 12:00"], status: 65, containing: "in the future")
        #expect(
            message
                == "'2199-01-01 12:00' (2199-01-01T12:00:00.000+00:00) is in the future; use --allow-future to record "
                + "a planned entry")
        try cli.refuses(["log", "trigger", "stress", "5", "--at", "+2h"], status: 65, containing: "in the future")
        let planned = try cli.object(
            ["log", "trigger", "stress", "5", "--at", "2199-01-01 12:00", "--allow-future"])
        #expect(planned["occurred_at"] as? String == "2199-01-01T12:00:00.000Z")
        // Within five minutes is "now" (clock skew), not the future.
        let soon = try cli.object(["log", "trigger", "stress", "5", "--at", "+2m"])
        #expect(abs(try #require(instant(soon["occurred_at"])).timeIntervalSinceNow - 120) < 60)
    }

    // A text that is no time is usage (64); a time that cannot be recorded is bad data (65).
    @Test(
        arguments: [
            ("blah", "cannot read 'blah' as a time; use ", 64),
            ("25:00", "25:00 is not a time of day; use 00:00 to 23:59, or 12am to 11:59pm", 64),
            ("13pm", "13pm is not a time of day; use 00:00 to 23:59, or 12am to 11:59pm", 64),
            ("2026-02-30", "2026-02-30 is not a date; check the month and day", 64),
            ("2026-06-10T08:30+25:00", "+25:00 is not a UTC offset; use Z or ±HH:MM such as +01:00 or -05:00", 64),
            ("0226-06-10 08:00", "'0226-06-10 08:00' is outside the years 1900 to 2200", 65),
        ] as [(String, String, Int32)])
    func unreadableTimesAreRefused(text: String, message: String, status: Int32) throws {
        let cli = try cli("UTC")
        let refused = try cli.refuses(
            ["log", "trigger", "stress", "5", "--at", text], status: status, containing: message)
        #expect(refused.hasPrefix(message))
    }

    @Test func anUnrecognizedTimeListsTheForms() throws {
        let cli = try cli("UTC")
        let message = try cli.refuses(
            ["log", "trigger", "stress", "5", "--at", "next blue moon"], status: 64, containing: "cannot read")
        #expect(
            message
                == "cannot read 'next blue moon' as a time; use 2026-11-25T08:30, 08:30, 8am, yesterday 21:00, monday, "
                + "-2h, 3 days ago or 2026-11-25")
    }

    @Test func springForwardInNewYork() throws {
        let cli = try cli("America/New_York")
        let message = try cli.refuses(
            ["log", "trigger", "stress", "5", "--at", "2026-03-08 02:30"], status: 65, containing: "does not exist")
        #expect(
            message
                == "2026-03-08 02:30 does not exist in America/New_York (clocks jumped forward); use 03:30 or give an "
                + "offset")
        let before = try cli.log(["trigger", "stress", "5"], at: "2026-03-08 01:59")
        #expect(before["utc_offset_min"] as? Int == -300)
        #expect(before["occurred_at"] as? String == "2026-03-08T06:59:00.000Z")
        let after = try cli.log(["trigger", "stress", "5"], at: "2026-03-08 03:00")
        #expect(after["utc_offset_min"] as? Int == -240)
        #expect(after["occurred_at"] as? String == "2026-03-08T07:00:00.000Z")
        #expect(after["local_time"] as? String == "2026-03-08T03:00:00.000-04:00")
        #expect(after["local_day"] as? String == "2026-03-08")
        // The skipped time with an explicit offset names an instant, shown in the zone's own offset.
        let explicit = try cli.log(["trigger", "stress", "5"], at: "2026-03-08T02:30-05:00")
        #expect(explicit["occurred_at"] as? String == "2026-03-08T07:30:00.000Z")
        #expect(explicit["local_time"] as? String == "2026-03-08T03:30:00.000-04:00")
    }

    @Test func fallBackInNewYorkTakesTheEarlierInstant() throws {
        let cli = try cli("America/New_York")
        let entry = try cli.log(["trigger", "stress", "5"], at: "2026-11-01 01:30")
        #expect(entry["occurred_at"] as? String == "2026-11-01T05:30:00.000Z")
        #expect(entry["utc_offset_min"] as? Int == -240)
        // The later 01:30 is reachable with its offset.
        let later = try cli.log(["trigger", "stress", "5"], at: "2026-11-01T01:30-05:00")
        #expect(later["occurred_at"] as? String == "2026-11-01T06:30:00.000Z")
        #expect(later["utc_offset_min"] as? Int == -300)
        #expect(later["local_day"] as? String == "2026-11-01")
    }

    @Test func kiritimatiIsADayAheadOfUTC() throws {
        let cli = try cli("Pacific/Kiritimati")
        let entry = try cli.log(["symptom", "fatigue", "3"], at: "2026-06-10 08:00")
        #expect(entry["occurred_at"] as? String == "2026-06-09T18:00:00.000Z")
        #expect(entry["utc_offset_min"] as? Int == 840)
        #expect(entry["local_day"] as? String == "2026-06-10")
        #expect(entry["local_time"] as? String == "2026-06-10T08:00:00.000+14:00")
        // list filters by the local day, not the UTC one.
        #expect(try cli.objects(["list", "--since", "2026-06-10", "--until", "2026-06-10"]).count == 1)
        #expect(try cli.objects(["list", "--until", "2026-06-09"]).isEmpty)
    }

    @Test func adakIsTenHoursBehindInWinterAndNineInSummer() throws {
        let cli = try cli("America/Adak")
        let summer = try cli.log(["symptom", "fatigue", "3"], at: "2026-07-01 20:00")
        #expect(summer["occurred_at"] as? String == "2026-07-02T05:00:00.000Z")
        #expect(summer["utc_offset_min"] as? Int == -540)
        #expect(summer["local_day"] as? String == "2026-07-01")
        let winter = try cli.log(["symptom", "fatigue", "3"], at: "2026-01-15 20:00")
        #expect(winter["occurred_at"] as? String == "2026-01-16T06:00:00.000Z")
        #expect(winter["utc_offset_min"] as? Int == -600)
        #expect(winter["local_day"] as? String == "2026-01-15")
        try cli.refuses(
            ["log", "symptom", "fatigue", "3", "--at", "2026-03-08 02:30"], status: 65,
            containing: "does not exist in America/Adak")
    }

    @Test func dayStartMovesSmallHoursToThePreviousDay() throws {
        let cli = try cli("America/New_York")
        #expect(try cli.ok(["config", "set", "day-start", "04:00"]) == "day-start = 04:00\n")
        let night = try cli.log(["symptom", "fatigue", "6"], at: "2026-06-10 02:00")
        #expect(night["local_day"] as? String == "2026-06-09")
        #expect(night["occurred_at"] as? String == "2026-06-10T06:00:00.000Z")
        let morning = try cli.log(["symptom", "fatigue", "2"], at: "2026-06-10 04:00")
        #expect(morning["local_day"] as? String == "2026-06-10")
        let table = try cli.ok(["list"])
        #expect(
            table
                == """
                2026-06-10
                  #2  04:00  symptom fatigue: 2
                2026-06-09
                  #1  02:00  symptom fatigue: 6

                """)
        #expect(try cli.objects(["list", "--since", "2026-06-10"]).map { $0["id"] as? Int } == [2])
    }
}

extension ISO8601DateFormatter {
    fileprivate static func string(
        from date: Date, timeZone: TimeZone, formatOptions: ISO8601DateFormatter.Options
    ) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = formatOptions
        return formatter.string(from: date)
    }
}
