import Foundation
import Testing

@testable import FlareKit

private typealias F = TimeFixtures

/// `Zone` against glibc itself, in every form of `TZ`, while other tests use other zones on other threads.
@Suite struct ZoneTests {
    /// Five zones in the forms `TZ` takes: a name, a path with `:`, POSIX rules, and odd offsets (Chatham's
    /// +12:45/+13:45, Lord Howe's half-hour DST).
    static let zones = [
        "America/New_York", ":/usr/share/zoneinfo/Australia/Lord_Howe", "CET-1CEST,M3.5.0,M10.5.0/3",
        "NZST-12NZDT,M9.5.0,M4.1.0/3", "Pacific/Chatham",
    ]

    /// Every hour of 2025 and 2026 in each zone, computed by the five zones at once, against GNU `date` in a
    /// process of its own whose `TZ` is that zone (`localtime_r` there, with no other zone ever set).
    @Test func offsetsAreLocaltimeRsHourByHourForTwoYears() async throws {
        let start = F.utc(2025, 1, 1) / 1000
        let hours = (0..<(2 * 365 * 24)).map { start + Int64($0) * 3600 }
        let ours = try await withThrowingTaskGroup(of: (String, [Int]).self) { group in
            for tz in Self.zones {
                group.addTask {
                    let zone = try Zone(tz: tz)
                    return (tz, hours.map { zone.offsetSeconds(atUnixSeconds: $0) })
                }
            }
            return try await group.reduce(into: [String: [Int]]()) { $0[$1.0] = $1.1 }
        }
        for tz in Self.zones {
            let theirs = try Self.dateOffsets(hours, tz: tz)
            #expect(theirs.count == hours.count)
            let differences = zip(hours, zip(ours[tz] ?? [], theirs)).filter { $1.0 != $1.1 }
            #expect(differences.isEmpty, "\(tz): first differences \(differences.prefix(3))")
            // Each zone changes its clocks in these years (the offsets are not one constant).
            #expect(Set(theirs).count == 2, "\(tz)")
        }
    }

    /// The forms of the data-safety issue, at one winter and one summer instant.
    @Test(arguments: [
        ("EST+5", -18_000, -18_000),
        ("<-05>5", -18_000, -18_000),
        ("CET-1CEST,M3.5.0,M10.5.0/3", 3600, 7200),
        ("EST5EDT,M3.2.0,M11.1.0", -18_000, -14_400),
        ("/usr/share/zoneinfo/America/New_York", -18_000, -14_400),
        (":America/New_York", -18_000, -14_400),
        ("America/New_York", -18_000, -14_400),
        ("", 0, 0),
        ("UTC", 0, 0),
        ("Asia/Kolkata", 19_800, 19_800),
    ])
    func everyFormOfTZ(tz: String, winter: Int, summer: Int) throws {
        let zone = try Zone(tz: tz)
        #expect(zone.offsetSeconds(atUnixSeconds: F.utc(2026, 1, 15, 12) / 1000) == winter)
        #expect(zone.offsetSeconds(atUnixSeconds: F.utc(2026, 7, 15, 12) / 1000) == summer)
    }

    @Test func namesInMessagesDropTheColon() throws {
        #expect(try Zone(tz: ":America/New_York").identifier == "America/New_York")
        #expect(try Zone(tz: "EST5EDT,M3.2.0,M11.1.0").identifier == "EST5EDT,M3.2.0,M11.1.0")
        #expect(try Zone(tz: "").identifier == "UTC")
        let error = try #require(throws: WhenError.self) {
            try WhenParser(nowMillis: F.now, timeZone: Zone(tz: "EST5EDT,M3.2.0,M11.1.0")).parse("2026-03-08 02:30")
        }
        #expect(
            error
                == .nonexistentLocalTime(wall: "2026-03-08 02:30", zone: "EST5EDT,M3.2.0,M11.1.0", suggestion: "03:30"))
    }

    /// glibc would read these as UTC without a word; flarelog refuses them.
    @Test(arguments: ["garbage", ":garbage", "Europe/Nowhere", "/no/such/zone", "5", "ABC"])
    func unknownZonesAreRefused(tz: String) throws {
        let error = try #require(throws: FlareError.self) { try Zone(tz: tz) }
        #expect(error.status == .usage)
        #expect(error.message.hasPrefix("unknown time zone '\(tz)' in TZ; use a zone name such as Europe/Berlin"))
    }

    /// The system zone is `/etc/localtime`, whatever this process's TZ is at the moment.
    @Test func theSystemZoneIsEtcLocaltime() throws {
        let system = try Zone(tz: nil)
        let file = try Zone(tz: ":/etc/localtime")
        for hour in stride(from: F.utc(2026, 1, 1) / 1000, to: F.utc(2027, 1, 1) / 1000, by: 3600 * 7) {
            #expect(system.offsetSeconds(atUnixSeconds: hour) == file.offsetSeconds(atUnixSeconds: hour))
        }
    }

    /// `date -f` reads one `@SECONDS` per line and prints its offset (`+0545`) in the zone of its own `TZ`.
    static func dateOffsets(_ seconds: [Int64], tz: String) throws -> [Int] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("zone-\(UUID().uuidString)")
        try seconds.map { "@\($0)" }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/date")
        process.arguments = ["-f", input.path, "+%z"]
        process.environment = ["TZ": tz, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let sign = line.hasPrefix("-") ? -1 : 1
            let digits = Int(line.dropFirst())!
            return sign * (digits / 100 * 3600 + digits % 100 * 60)
        }
    }
}
