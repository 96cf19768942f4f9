import Foundation
import Testing

/// `flarelog log NAME=VALUE …`: several items in one command, found in every kind, all stored or none.
@Suite struct RecordingSeveralTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    @Test func logsEveryItemOfTheRoundInOneCommand() throws {
        let output = try cli.ok([
            "log", "widespread pain=7", "fatigue=6", "stress=5", "poor posture", "Yoga = 20", "--at",
            "2026-06-10 08:30",
        ])
        #expect(
            output == """
                logged #1  2026-06-10 08:30  symptom widespread pain: 7
                logged #2  2026-06-10 08:30  symptom fatigue: 6
                logged #3  2026-06-10 08:30  trigger stress: 5
                logged #4  2026-06-10 08:30  trigger poor posture: yes
                logged #5  2026-06-10 08:30  intervention yoga: 20 minutes

                """)
        #expect(try cli.counts()["entries"] == 5)
    }

    @Test func jsonIsAnArrayOfEntriesAndTheNoteOfTheMoment() throws {
        let records = try cli.objects([
            "log", "fatigue=6", "poor posture=no", "--note", "long drive", "--at", "2026-06-10 08:00",
        ])
        #expect(records.map { $0["kind"] as? String } == ["symptom", "trigger", "note"])
        #expect(records.map { $0["item"] as? String } == ["fatigue", "poor posture", nil])
        #expect(records[1]["value"] as? Double == 0)
        // The note is one note of the round, not copied onto every entry.
        #expect(records[0]["note"] is NSNull)
        #expect(records[2]["note"] as? String == "long drive")
        #expect(Set(records.map { $0["local_time"] as? String }).count == 1)
        #expect(try cli.counts()["entries"] == 2)
        // One item in this form is an array too; its note is the entry's, as in the one-item form.
        let one = try cli.objects(["log", "stress=3", "--note", "deadline", "--region", "neck"])
        #expect(one.count == 1)
        #expect(one[0]["note"] as? String == "deadline")
        #expect(one[0]["regions"] as? [String] == ["neck"])
    }

    @Test func theOneItemFormIsUnchanged() throws {
        let entry = try cli.log(["trigger", "poor posture"], at: "2026-06-10 09:00")
        #expect(entry["value"] as? Double == 1)
        #expect(try cli.ok(["log", "symptom", "fatigue", "4"]).hasPrefix("logged #2"))
        // A kind word first with two or three words is the one-item form, whatever the case.
        #expect(try cli.ok(["log", "Trigger", "stress", "--", "0"]).contains("trigger stress: 0"))
    }

    @Test func anUnknownNameSuggestsTheClosestOfEveryKindAndStoresNothing() throws {
        let message = try cli.refuses(["log", "fatigue=6", "stres=5"], status: 65, containing: "did you mean")
        #expect(
            message
                == "no item named 'stres'; did you mean 'stress'? To add it: flarelog items add KIND 'stres' "
                + "--type scale|quantity|boolean")
        try cli.refuses(["log", "fatigue=6", "zzzz=1"], status: 65, containing: "no item named 'zzzz'. To add it")
    }

    @Test func aNameInTwoKindsIsRefusedNamingBothAndAKindPicksOne() throws {
        try cli.ok(["items", "add", "symptom", "stress", "--type", "scale"])
        let message = try cli.refuses(
            ["log", "fatigue=6", "Stress=5"], status: 65, containing: "symptom and a trigger")
        #expect(message == "'stress' is a symptom and a trigger; say which: 'symptom:stress=5' or 'trigger:stress=5'")
        let records = try cli.objects(["log", "symptom:stress=5", "Trigger:Stress=2"])
        #expect(records.map { $0["kind"] as? String } == ["symptom", "trigger"])
        #expect(records.map { $0["value"] as? Double } == [5, 2])
    }

    @Test(
        arguments: [
            (["fatigue=6", "stress=11"], 65, "11 is out of range for stress; use 0 to 10"),
            (["fatigue=6", "stress=lots"], 64, "'lots' is not a number; stress takes 0 to 10"),
            (["fatigue=6", "stress="], 64, "'' is not a number; stress takes 0 to 10"),
            (["poor posture=maybe", "fatigue=2"], 64, "'maybe' is not yes or no"),
            (["fatigue=6", "yoga"], 65, "yoga needs a value (0 to 1440 minutes), e.g. flarelog log 'yoga=0'"),
            (["fatigue=6", "stress=5", "--at", "garbage"], 64, "garbage"),
            (
                ["fatigue=6", "stress=5", "--id", "3f2b8c4e-1d2a-4e6f-9a7b-0c1d2e3f4a5b"], 64,
                "--id and --region go with one item"
            ),
            (["fatigue=6", "stress=5", "--region", "neck"], 64, "--id and --region go with one item"),
            (["feeling", "stress", "5"], 64, "'feeling' is not a kind and '5' has no item name"),
            (["fatigue", "6"], 64, "'6' has no item name: write NAME=VALUE"),
        ] as [([String], Int32, String)])
    func aBadItemStoresNothing(arguments: [String], status: Int32, message: String) throws {
        try cli.ok(["log", "sleep=6"])
        try cli.refuses(["log"] + arguments, status: status, containing: message)
    }

    @Test func aFutureTimeIsRefusedForAllOfThem() throws {
        try cli.refuses(["log", "fatigue=6", "stress=5", "--at", "2099-01-01"], status: 65, containing: "future")
    }

    @Test func aRefusedFirstLogLeavesNoDatabase() throws {
        let fresh = cli.path("fresh/flarelog.db")
        let result = try cli.runRaw(["--db", fresh, "log", "fatigue=6", "stres=5"])
        #expect(result.status == 65)
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }
}
