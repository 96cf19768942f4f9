import Foundation
import Testing

/// `flarelog log` through the built binary: what is stored, and every refusal leaves the file unchanged.
@Suite struct RecordingLogTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    @Test func logsASymptomWithEveryJSONField() throws {
        let entry = try cli.log(
            ["symptom", "Widespread  Pain", "7", "--region", "Lower Back", "--region", "neck", "--note", "after work"],
            at: "2026-06-10 08:30")
        #expect(entry["id"] as? Int == 1)
        #expect((entry["uid"] as? String).flatMap(UUID.init(uuidString:)) != nil)
        #expect(entry["kind"] as? String == "symptom")
        #expect(entry["item"] as? String == "widespread pain")
        #expect(entry["value_type"] as? String == "scale")
        #expect(entry["value"] as? Double == 7)
        #expect(entry["unit"] is NSNull)
        #expect(entry["occurred_at"] as? String == "2026-06-10T08:30:00.000Z")
        #expect(entry["utc_offset_min"] as? Int == 0)
        #expect(entry["local_time"] as? String == "2026-06-10T08:30:00.000+00:00")
        #expect(entry["local_day"] as? String == "2026-06-10")
        #expect(entry["note"] as? String == "after work")
        #expect(entry["regions"] as? [String] == ["lower-back", "neck"])
        #expect(entry["deleted_at"] is NSNull)
        let created = try #require(instant(entry["created_at"]))
        #expect(abs(created.timeIntervalSinceNow) < 120)
        #expect(entry["updated_at"] as? String == entry["created_at"] as? String)
        #expect(
            Set(entry.keys) == [
                "id", "uid", "kind", "item", "value_type", "value", "unit", "occurred_at", "utc_offset_min",
                "local_time", "local_day", "note", "regions", "created_at", "updated_at", "deleted_at",
            ])
        #expect(try cli.counts()["entries"] == 1)
        #expect(try cli.counts()["entry_regions"] == 2)
    }

    @Test func tableOutputSaysWhatWasLogged() throws {
        let output = try cli.ok(["log", "trigger", "stress", "6", "--at", "2026-06-10 21:05", "--note", "deadline"])
        #expect(output == "logged #1  2026-06-10 21:05  trigger stress: 6 — deadline\n")
        let quantity = try cli.ok(["log", "intervention", "yoga", "30", "--at", "2026-06-10 07:00"])
        #expect(quantity == "logged #2  2026-06-10 07:00  intervention yoga: 30 minutes\n")
    }

    @Test func quantitiesKeepTheirUnitAndFractions() throws {
        let entry = try cli.log(["trigger", "sleep", "6.25"], at: "2026-06-10 07:00")
        #expect(entry["value"] as? Double == 6.25)
        #expect(entry["unit"] as? String == "hours")
        #expect(entry["value_type"] as? String == "quantity")
    }

    @Test(arguments: [
        ("yes", 1.0), ("no", 0.0), ("true", 1.0), ("false", 0.0), ("1", 1.0), ("0", 0.0), ("YES", 1.0), ("No", 0.0),
    ])
    func booleansReadYesNo(text: String, value: Double) throws {
        let entry = try cli.log(["trigger", "poor posture", text], at: "2026-06-10 12:00")
        #expect(entry["value"] as? Double == value)
        #expect(entry["value_type"] as? String == "boolean")
        let line = try cli.ok(["list"])
        #expect(line.contains("trigger poor posture: \(value == 1 ? "yes" : "no")"))
    }

    @Test func aBooleanWithoutValueIsYes() throws {
        let entry = try cli.log(["trigger", "poor posture"], at: "2026-06-10 12:00")
        #expect(entry["value"] as? Double == 1)
    }

    @Test func regionsAreNormalizedOrKeptAsTyped() throws {
        let entry = try cli.log(
            [
                "symptom", "widespread pain", "5", "--region", "LEFT_HIP", "--region", "left hip", "--region",
                "  right   upper arm ", "--region", "behind my left knee", "--region", "Zehen (links)",
            ], at: "2026-06-10 12:00")
        #expect(
            entry["regions"] as? [String] == ["Zehen (links)", "behind my left knee", "left-hip", "right-upper-arm"])
        #expect(try cli.counts()["entry_regions"] == 4)
    }

    @Test func anEmptyRegionIsRefused() throws {
        try cli.refuses(
            ["log", "symptom", "fatigue", "4", "--region", "  "], status: 65, containing: "a --region cannot be empty")
    }

    @Test(arguments: [
        "Ça fait mal — 痛い 🤕",
        "she said \"it's fine\"; then 'not'",
        "'); DROP TABLE entry; --",
        "100% _underscore_ \\backslash\\ %s %@ NULL",
        "line one\nline two\ttabbed",
    ])
    func notesAreStoredVerbatim(note: String) throws {
        let entry = try cli.log(["symptom", "fatigue", "4", "--note", note], at: "2026-06-10 12:00")
        #expect(entry["note"] as? String == note)
        let listed = try cli.objects(["list"])
        #expect(listed.count == 1)
        #expect(listed.first?["note"] as? String == note)
        #expect(try cli.counts()["items"] == 42)
    }

    @Test func anEmptyNoteIsNoNote() throws {
        let entry = try cli.log(["symptom", "fatigue", "4", "--note", ""], at: "2026-06-10 12:00")
        #expect(entry["note"] is NSNull)
    }

    @Test func anUnknownItemSuggestsTheClosestAndHowToAddIt() throws {
        let message = try cli.refuses(
            ["log", "trigger", "stres", "5"], status: 65, containing: "did you mean 'stress'?")
        #expect(
            message
                == "no trigger named 'stres'; did you mean 'stress'? To add it: flarelog items add trigger 'stres' "
                + "--type scale|quantity|boolean")
        // A name of another kind is not offered.
        let other = try cli.refuses(["log", "symptom", "stress", "5"], status: 65, containing: "no symptom named")
        #expect(!other.contains("'stress'?"))
    }

    @Test(
        arguments: [
            // A number that cannot be recorded is bad data (65); a text that is no number at all is usage (64).
            ("11", "11 is out of range for stress; use 0 to 10", 65),
            ("-0.5", "-0.5 is out of range for stress; use 0 to 10", 65),
            ("10.000000000000002", "10.000000000000002 is out of range for stress; use 0 to 10", 65),
            ("nan", "NaN is not a number stress can take; use 0 to 10", 65),
            ("inf", "infinity is not a number stress can take; use 0 to 10", 65),
            ("-inf", "-infinity is not a number stress can take; use 0 to 10", 65),
            ("abc", "'abc' is not a number; stress takes 0 to 10", 64),
            ("5kg", "'5kg' is not a number; stress takes 0 to 10", 64),
            ("", "'' is not a number; stress takes 0 to 10", 64),
        ] as [(String, String, Int32)])
    func badScaleValuesAreRefused(text: String, message: String, status: Int32) throws {
        // `--` lets negative numbers through as the value.
        let refused = try cli.refuses(["log", "trigger", "stress", "--", text], status: status, containing: "stress")
        #expect(refused == message)
    }

    @Test func badValuesOfOtherTypesNameTheirRange() throws {
        #expect(
            try cli.refuses(["log", "trigger", "sleep", "25"], status: 65, containing: "out of range")
                == "25 is out of range for sleep; use 0 to 24 hours")
        #expect(
            try cli.refuses(["log", "trigger", "alcohol", "--", "-1"], status: 65, containing: "out of range")
                == "-1 is out of range for alcohol; use 0 or more drinks")
        #expect(
            try cli.refuses(["log", "trigger", "poor posture", "2"], status: 64, containing: "not yes or no")
                == "'2' is not yes or no; poor posture takes yes/no/true/false/1/0")
        #expect(
            try cli.refuses(["log", "trigger", "poor posture", "maybe"], status: 64, containing: "not yes or no")
                == "'maybe' is not yes or no; poor posture takes yes/no/true/false/1/0")
    }

    @Test func aScaleNeedsAValue() throws {
        let message = try cli.refuses(["log", "symptom", "fatigue"], status: 65, containing: "needs a value")
        #expect(message == "fatigue needs a value (0 to 10), e.g. flarelog log symptom 'fatigue' 0")
        try cli.refuses(
            ["log", "intervention", "yoga"], status: 65, containing: "yoga needs a value (0 to 1440 minutes)")
    }

    @Test func anUnknownKindIsAUsageError() throws {
        try cli.refuses(["log", "feeling", "stress", "5"], status: 64, containing: "feeling")
    }

    @Test func theSameIdTwiceRecordsOnce() throws {
        let uid = "3F2B8C4E-1D2A-4E6F-9A7B-0C1D2E3F4A5B"
        let first = try cli.ok(["log", "trigger", "stress", "5", "--id", uid, "--at", "2026-06-10 09:00"])
        #expect(first == "logged #1  2026-06-10 09:00  trigger stress: 5\n")
        let before = try cli.snapshot()
        // A retry, even with other details, finds the stored entry and changes nothing.
        let second = try cli.ok(["log", "trigger", "stress", "7", "--id", uid.lowercased(), "--at", "2026-06-10 10:00"])
        #expect(second == "already logged #1  2026-06-10 09:00  trigger stress: 5\n")
        #expect(try cli.snapshot() == before)
        let json = try cli.object(["log", "trigger", "stress", "5", "--id", uid])
        #expect(json["id"] as? Int == 1)
        #expect(json["uid"] as? String == uid.lowercased())
        #expect(try cli.counts()["entries"] == 1)
    }

    @Test(arguments: ["nope", "3f2b8c4e-1d2a-4e6f-9a7b", "3f2b8c4e1d2a4e6f9a7b0c1d2e3f4a5b", ""])
    func anInvalidIdIsAUsageError(uid: String) throws {
        try cli.refuses(["log", "trigger", "stress", "5", "--id", uid], status: 64, containing: "--id must be a UUID")
    }

    @Test func severalEntriesOfOneItemOnOneDayAreKept() throws {
        for (time, value) in [("08:00", "3"), ("13:00", "6"), ("20:00", "4")] {
            try cli.log(["symptom", "fatigue", value], at: "2026-06-10 \(time)")
        }
        let listed = try cli.objects(["list"])
        #expect(listed.map { $0["value"] as? Double } == [4, 6, 3])
        #expect(Set(listed.compactMap { $0["local_day"] as? String }) == ["2026-06-10"])
        #expect(Set(listed.compactMap { $0["uid"] as? String }).count == 3)
    }

    @Test func logWritesTheDatabaseWhenItDoesNotExistYet() throws {
        let fresh = try CLI()
        let output = try fresh.ok(["log", "trigger", "stress", "2", "--at", "2026-06-10 09:00"])
        #expect(output.hasPrefix("logged #1 "))
        #expect(try fresh.counts()["entries"] == 1)
    }
}
