import Foundation

@testable import FlareKit

/// Shared values for the Time* tests, namespaced so they cannot clash with other suites' helpers.
enum TimeFixtures {
    /// Unix milliseconds of a UTC wall time, computed independently of the code under test (LocalDay only).
    static func utc(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
        millis: Int = 0
    ) -> Int64 {
        let ordinal = Int64(LocalDay(year: year, month: month, day: day)!.ordinal)
        return ordinal * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + millis)
    }

    static func day(_ text: String) -> LocalDay { LocalDay(text)! }

    static func zone(_ tz: String) -> Zone { try! Zone(tz: tz) }

    /// Wednesday 2026-11-25 07:30 UTC = 08:30 in Paris (+01:00, no DST in late November).
    static let now = utc(2026, 11, 25, 7, 30)

    static func parser(
        now: Int64 = now, zone identifier: String = "Europe/Paris", dayStart: DayStart = .midnight,
        allowFuture: Bool = false
    ) -> WhenParser {
        WhenParser(nowMillis: now, timeZone: zone(identifier), dayStart: dayStart, allowFuture: allowFuture)
    }
}
