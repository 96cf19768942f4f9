import Foundation
import Testing

/// `flarelog edit`, `delete` and `undelete`: validated changes, soft deletion, all-or-nothing.
@Suite struct RecordingEditTests {
    let cli: CLI
    let first: [String: Any]

    init() throws {
        cli = try CLI(timeZone: "America/New_York")
        first = try cli.log(
            ["symptom", "fatigue", "4", "--note", "morning", "--region", "neck"], at: "2026-06-10 08:00")
        try cli.log(["trigger", "stress", "6"], at: "2026-06-10 09:00")
        try cli.log(["trigger", "poor posture"], at: "2026-06-10 10:00")
    }

    @Test func editChangesTheValueAndUpdatedAt() throws {
        let edited = try cli.object(["edit", "1", "--value", "8"])
        #expect(edited["value"] as? Double == 8)
        #expect(edited["note"] as? String == "morning")
        #expect(edited["regions"] as? [String] == ["neck"])
        #expect(edited["occurred_at"] as? String == first["occurred_at"] as? String)
        #expect(edited["created_at"] as? String == first["created_at"] as? String)
        let created = try #require(instant(first["created_at"]))
        let updated = try #require(instant(edited["updated_at"]))
        #expect(updated > created)
        #expect(
            try cli.ok(["edit", "1", "--value", "7"])
                == "edited #1  2026-06-10 08:00  symptom fatigue: 7 (neck) — morning\n")
    }

    @Test func editValidatesTheValueAgainstTheItem() throws {
        #expect(
            try cli.refuses(["edit", "1", "--value", "11"], status: 65, containing: "out of range")
                == "11 is out of range for fatigue; use 0 to 10")
        try cli.refuses(["edit", "1", "--value", "nan"], status: 65, containing: "NaN is not a number")
        try cli.refuses(["edit", "1", "--value", "-1"], status: 65, containing: "-1 is out of range")
        try cli.refuses(["edit", "3", "--value", "2"], status: 64, containing: "'2' is not yes or no")
        #expect(try cli.object(["edit", "3", "--value", "no"])["value"] as? Double == 0)
    }

    @Test func editAtReresolvesTheLocalDayAndOffset() throws {
        let moved = try cli.object(["edit", "1", "--at", "2026-01-05 23:30"])
        #expect(moved["occurred_at"] as? String == "2026-01-06T04:30:00.000Z")
        #expect(moved["utc_offset_min"] as? Int == -300)
        #expect(moved["local_day"] as? String == "2026-01-05")
        try cli.ok(["config", "set", "day-start", "04:00"])
        let night = try cli.object(["edit", "1", "--at", "2026-06-11 03:00"])
        #expect(night["local_day"] as? String == "2026-06-10")
        #expect(night["utc_offset_min"] as? Int == -240)
        try cli.refuses(["edit", "1", "--at", "2026-03-08 02:15"], status: 65, containing: "does not exist")
        try cli.refuses(["edit", "1", "--at", "2199-01-01 10:00"], status: 65, containing: "--allow-future")
        let planned = try cli.object(["edit", "1", "--at", "2199-01-01 10:00", "--allow-future"])
        #expect(planned["local_day"] as? String == "2199-01-01")
        // Relative times parse as option values.
        let recent = try cli.object(["edit", "1", "--at", "-1h"])
        #expect(abs(try #require(instant(recent["occurred_at"])).timeIntervalSinceNow + 3600) < 120)
    }

    @Test func editChangesOrRemovesTheNote() throws {
        let changed = try cli.object(["edit", "1", "--note", "après le café; DROP TABLE entry"])
        #expect(changed["note"] as? String == "après le café; DROP TABLE entry")
        let removed = try cli.object(["edit", "1", "--note", ""])
        #expect(removed["note"] is NSNull)
        #expect(removed["value"] as? Double == 4)
    }

    @Test func editReplacesOrClearsRegions() throws {
        let replaced = try cli.object(["edit", "1", "--region", "Upper Back", "--region", "my left ear"])
        #expect(replaced["regions"] as? [String] == ["my left ear", "upper-back"])
        #expect(try cli.counts()["entry_regions"] == 2)
        let cleared = try cli.object(["edit", "1", "--clear-regions"])
        #expect(cleared["regions"] as? [String] == [])
        #expect(try cli.counts()["entry_regions"] == 0)
        try cli.refuses(["edit", "1", "--clear-regions", "--region", "neck"], status: 64, containing: "conflict")
    }

    @Test func editNeedsAChangeAndAKnownLiveEntry() throws {
        try cli.refuses(["edit", "1"], status: 64, containing: "nothing to change")
        try cli.refuses(["edit", "99", "--value", "3"], status: 65, containing: "no entry with id '99'")
        try cli.ok(["delete", "1"])
        try cli.refuses(
            ["edit", "1", "--value", "3"], status: 65, containing: "entry 1 is deleted; 'flarelog undelete 1' first")
    }

    @Test func theUidWorksAsAnId() throws {
        let uid = try #require(first["uid"] as? String)
        #expect(try cli.object(["edit", uid.uppercased(), "--value", "2"])["value"] as? Double == 2)
        #expect(try cli.ok(["delete", uid]).hasPrefix("deleted #1 "))
        #expect(try cli.ok(["undelete", uid]).hasPrefix("restored #1 "))
    }

    @Test func deleteHidesAndUndeleteRestores() throws {
        let output = try cli.ok(["delete", "1", "2"])
        #expect(
            output
                == """
                deleted #1  2026-06-10 08:00  symptom fatigue: 4 (neck) — morning [deleted]
                deleted #2  2026-06-10 09:00  trigger stress: 6 [deleted]

                """)
        #expect(try cli.objects(["list"]).map { $0["id"] as? Int } == [3])
        var counts = try cli.counts()
        #expect(counts["entries"] == 1)
        #expect(counts["deleted_entries"] == 2)
        #expect(
            try cli.objects(["items", "list", "--kind", "trigger"]).first { $0["name"] as? String == "stress" }?[
                "entries"] as? Int == 0)
        // Deleting again keeps the first deletion time.
        let deletedAt = try cli.objects(["list", "--include-deleted"]).last?["deleted_at"] as? String
        try cli.ok(["delete", "1"])
        #expect(try cli.objects(["list", "--include-deleted"]).last?["deleted_at"] as? String == deletedAt)
        #expect(
            try cli.ok(["undelete", "1"]) == "restored #1  2026-06-10 08:00  symptom fatigue: 4 (neck) — morning\n")
        counts = try cli.counts()
        #expect(counts["entries"] == 2)
        #expect(counts["deleted_entries"] == 1)
        #expect(try cli.objects(["list"]).map { $0["id"] as? Int } == [3, 1])
    }

    @Test func anUnknownIdChangesNothingEvenWithValidOnes() throws {
        let message = try cli.refuses(["delete", "1", "42", "2"], status: 65, containing: "no entry with id '42'")
        #expect(message == "no entry with id '42'; 'flarelog list' shows the ids")
        #expect(try cli.counts()["deleted_entries"] == 0)
        try cli.ok(["delete", "1", "2"])
        try cli.refuses(["undelete", "1", "nope", "2"], status: 65, containing: "no entry with id 'nope'")
        #expect(try cli.counts()["deleted_entries"] == 2)
        try cli.refuses(["delete"], status: 64, containing: "<ids>")
    }
}
