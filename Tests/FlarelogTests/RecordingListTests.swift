import Foundation
import Testing

/// `flarelog list`: order, grouping, filters and the three output formats.
@Suite struct RecordingListTests {
    let cli: CLI

    /// Five entries over three days (UTC), logged out of order.
    init() throws {
        cli = try CLI()
        try cli.log(["symptom", "fatigue", "4"], at: "2026-06-11 09:00")  // #1
        try cli.log(["trigger", "stress", "7", "--note", "exam"], at: "2026-06-10 18:00")  // #2
        try cli.log(["intervention", "yoga", "20"], at: "2026-06-12 07:30")  // #3
        try cli.log(["symptom", "fatigue", "6", "--region", "neck"], at: "2026-06-11 21:15")  // #4
        try cli.log(["trigger", "poor posture", "no"], at: "2026-06-10 08:00")  // #5
    }

    func ids(_ arguments: [String]) throws -> [Int] {
        try cli.objects(["list"] + arguments).map { try #require($0["id"] as? Int) }
    }

    @Test func newestFirstGroupedByDay() throws {
        #expect(
            try cli.ok(["list"])
                == """
                2026-06-12
                  #3  07:30  intervention yoga: 20 minutes
                2026-06-11
                  #4  21:15  symptom fatigue: 6 (neck)
                  #1  09:00  symptom fatigue: 4
                2026-06-10
                  #2  18:00  trigger stress: 7 — exam
                  #5  08:00  trigger poor posture: no

                """)
        #expect(try ids([]) == [3, 4, 1, 2, 5])
    }

    @Test func sinceAndUntilTakeDaysInclusive() throws {
        #expect(try ids(["--since", "2026-06-11"]) == [3, 4, 1])
        #expect(try ids(["--until", "2026-06-11"]) == [4, 1, 2, 5])
        #expect(try ids(["--since", "2026-06-11", "--until", "2026-06-11"]) == [4, 1])
        #expect(try ids(["--since", "2026-06-13"]).isEmpty)
        #expect(try cli.ok(["list", "--since", "2026-06-13"]) == "no entries\n")
    }

    @Test func sinceAndUntilTakeAtForms() throws {
        // A moment stands for its local day.
        #expect(try ids(["--since", "2026-06-11T23:59", "--until", "2026-06-12 00:00"]) == [3, 4, 1])
        // Relative forms: everything above is more than a week ago.
        #expect(try ids(["--since", "-1d"]).isEmpty)
        #expect(try ids(["--until", "-1w"]) == [3, 4, 1, 2, 5])
        try cli.refuses(["list", "--since", "whenever"], status: 64, containing: "cannot read 'whenever' as a time")
        try cli.refuses(["list", "--until", "2026-13-01"], status: 64, containing: "2026-13-01 is not a date")
    }

    @Test func filtersByKindAndItem() throws {
        #expect(try ids(["--kind", "symptom"]) == [4, 1])
        #expect(try ids(["--kind", "trigger"]) == [2, 5])
        #expect(try ids(["--item", "FATIGUE"]) == [4, 1])
        #expect(try ids(["--item", "stress", "--kind", "trigger"]) == [2])
        try cli.refuses(["list", "--item", "stres"], status: 65, containing: "no item named 'stres'")
        try cli.refuses(["list", "--kind", "mood"], status: 64, containing: "mood")
    }

    @Test func anItemNameOfTwoKindsNeedsKind() throws {
        try cli.ok(["items", "add", "symptom", "Stress", "--type", "scale"])
        let message = try cli.refuses(["list", "--item", "stress"], status: 65, containing: "say which with --kind")
        #expect(message == "'Stress' is a symptom and a trigger; say which with --kind")
        #expect(try ids(["--item", "stress", "--kind", "trigger"]) == [2])
    }

    @Test func limitShowsTheNewestAndSaysHowToSeeAll() throws {
        #expect(try ids(["--limit", "2"]) == [3, 4])
        let table = try cli.ok(["list", "--limit", "2"])
        #expect(table.hasSuffix("(the newest 2; --limit 0 shows all)\n"))
        #expect(try ids(["--limit", "0"]).count == 5)
        #expect(!(try cli.ok(["list", "--limit", "5"])).contains("--limit 0"))
        try cli.refuses(["list", "--limit=-1"], status: 64, containing: "--limit must be 0 (all) or more")
    }

    @Test func deletedEntriesOnlyWithIncludeDeleted() throws {
        try cli.ok(["delete", "4"])
        #expect(try ids([]) == [3, 1, 2, 5])
        let all = try cli.objects(["list", "--include-deleted"])
        #expect(all.map { $0["id"] as? Int } == [3, 4, 1, 2, 5])
        #expect(all[1]["deleted_at"] is String)
        #expect(all[0]["deleted_at"] is NSNull)
        #expect(
            try cli.ok(["list", "--include-deleted", "--since", "2026-06-11", "--limit", "2"]).contains("[deleted]"))
    }

    @Test func csvQuotesNotesWithCommasQuotesAndNewlines() throws {
        let note = "tired, \"very\"\nsecond line"
        try cli.log(
            ["symptom", "brain fog", "3", "--note", note, "--region", "neck", "--region", "left hip"],
            at: "2026-06-13 10:00")
        let rows = CSV.parse(try cli.ok(["list", "--format", "csv", "--since", "2026-06-12"]))
        #expect(
            rows.first == [
                "id", "uid", "kind", "item", "value", "unit", "occurred_at", "utc_offset_min", "local_time",
                "local_day",
                "regions", "note", "deleted_at",
            ])
        #expect(rows.count == 3)
        let row = rows[1]
        #expect(row.count == 13)
        #expect(row[0] == "6")
        #expect(row[2...5] == ["symptom", "brain fog", "3", ""])
        #expect(row[6...9] == ["2026-06-13T10:00:00.000Z", "0", "2026-06-13T10:00:00.000+00:00", "2026-06-13"])
        #expect(row[10] == "left-hip;neck")
        #expect(row[11] == note)
        #expect(row[12] == "")
        #expect(rows[2][0] == "3")
        #expect(rows[2][4...5] == ["20", "minutes"])
    }

    @Test func tableShowsNotesOnOneLine() throws {
        try cli.log(["symptom", "brain fog", "3", "--note", "a\nb\tc"], at: "2026-06-13 10:00")
        #expect(try cli.ok(["list", "--limit", "1"]).contains("#6  10:00  symptom brain fog: 3 — a\\nb c\n"))
    }

    @Test func listOnAMissingDatabaseCreatesNothing() throws {
        let fresh = try CLI()
        try fresh.fails(["list"], status: 66, containing: "no database at")
        #expect(!FileManager.default.fileExists(atPath: fresh.database))
    }
}
