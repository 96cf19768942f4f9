import Foundation
import Testing

/// `flarelog flare start|end|list`: at most one open episode, ends after starts.
@Suite struct FlareTests {
    let cli: CLI

    init() throws {
        cli = try CLI(timeZone: "Europe/Berlin")
        try cli.ok(["init"])
    }

    @Test func startEndAndList() throws {
        #expect(try cli.ok(["flare", "list"]) == "no flare episodes\n")
        #expect(try cli.objects(["flare", "list"]).isEmpty)
        let started = try cli.ok(["flare", "start", "--at", "2026-06-10 22:00", "--note", "after the move"])
        #expect(started == "flare #1 started on 2026-06-10; end it with 'flarelog flare end'\n")
        let open = try #require(try cli.objects(["flare", "list"]).first)
        #expect(open["ended_at"] is NSNull)
        #expect(open["end_day"] is NSNull)
        #expect(try cli.ok(["flare", "list"]).contains("#1  2026-06-10  (open)  open  after the move"))
        let ended = try cli.ok(["flare", "end", "--at", "2026-06-13 09:00"])
        #expect(ended == "flare #1 ended: 2026-06-10 to 2026-06-13, 4 day(s)\n")
        let flare = try #require(try cli.objects(["flare", "list"]).first)
        #expect(flare["id"] as? Int == 1)
        #expect((flare["uid"] as? String).flatMap(UUID.init(uuidString:)) != nil)
        #expect(flare["started_at"] as? String == "2026-06-10T20:00:00.000Z")
        #expect(flare["ended_at"] as? String == "2026-06-13T07:00:00.000Z")
        #expect(flare["start_day"] as? String == "2026-06-10")
        #expect(flare["end_day"] as? String == "2026-06-13")
        #expect(flare["utc_offset_min"] as? Int == 120)
        #expect(flare["note"] as? String == "after the move")
        #expect(try cli.counts()["flares"] == 1)
        // A second episode lists first.
        try cli.ok(["flare", "start", "--at", "2026-07-01 08:00"])
        #expect(try cli.objects(["flare", "list"]).map { $0["id"] as? Int } == [2, 1])
        let csv = CSV.parse(try cli.ok(["flare", "list", "--format", "csv"]))
        #expect(csv[0] == ["id", "uid", "started_at", "ended_at", "start_day", "end_day", "note"])
        #expect(
            csv[2][2...6] == [
                "2026-06-10T20:00:00.000Z", "2026-06-13T07:00:00.000Z", "2026-06-10", "2026-06-13",
                "after the move",
            ])
    }

    @Test func startingWhileOpenIsRefused() throws {
        try cli.ok(["flare", "start", "--at", "2026-06-10 22:00"])
        let message = try cli.refuses(["flare", "start"], status: 65, containing: "already open")
        #expect(message == "a flare is already open since 2026-06-10; end it with 'flarelog flare end' first")
    }

    @Test func endingWithNoneOpenIsRefused() throws {
        #expect(
            try cli.refuses(["flare", "end"], status: 65, containing: "no flare is open")
                == "no flare is open; start one with 'flarelog flare start'")
        try cli.ok(["flare", "start", "--at", "2026-06-10 22:00"])
        try cli.ok(["flare", "end", "--at", "2026-06-11 10:00"])
        try cli.refuses(["flare", "end"], status: 65, containing: "no flare is open")
    }

    @Test func anEndBeforeTheStartIsRefused() throws {
        try cli.ok(["flare", "start", "--at", "2026-06-10 22:00"])
        try cli.refuses(
            ["flare", "end", "--at", "2026-06-10 21:00"], status: 65, containing: "its end cannot be earlier")
        try cli.refuses(["flare", "end", "--at", "2199-01-01 00:00"], status: 65, containing: "in the future")
        try cli.refuses(["flare", "start", "--at", "nope"], status: 64, containing: "cannot read 'nope'")
        #expect(try cli.ok(["flare", "end", "--at", "-1h"]).hasPrefix("flare #1 ended: 2026-06-10 to "))
    }
}
