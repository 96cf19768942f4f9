import Foundation
import Testing

/// `flarelog checkin` in a real terminal (tmux): what is asked, what each key does, and that nothing is written
/// before the end.
@Suite(.timeLimit(.minutes(2))) struct CheckinTests {
    let cli: CLI

    /// Fatigue, stress and poor posture on 3 days of June, and yesterday (June 9) fatigue 6 and stress 3;
    /// sleep only on 2 days, so it is not asked.
    init() throws {
        cli = try CLI()
        for day in ["01", "02", "03"] {
            try cli.ok(["log", "fatigue=5", "stress=4", "poor posture", "--at", "2026-06-\(day)"])
        }
        try cli.ok(["log", "sleep=7", "--at", "2026-06-02"])
        try cli.ok(["log", "sleep=7", "--at", "2026-06-03"])
        try cli.ok(["log", "fatigue=6", "stress=2", "--at", "2026-06-09 08:00"])
        try cli.ok(["log", "stress=4", "--at", "2026-06-09 20:00"])
    }

    /// The entries of June 10 in the order they were written, as `list --format json` gives them.
    func june10() throws -> [[String: Any]] {
        try cli.objects(["list", "--since", "2026-06-10", "--until", "2026-06-10", "--kind", "symptom"])
            + cli.objects(["list", "--since", "2026-06-10", "--until", "2026-06-10", "--kind", "trigger"])
    }

    @Test(.enabled(if: Terminal.tmux != nil, Comment(rawValue: Terminal.missing)))
    func aFullRoundIsWrittenAtTheEndInOneGo() throws {
        let terminal = try Terminal(cli, ["checkin", "--at", "2026-06-10"])
        let first = try terminal.waitFor("[1/3] fatigue (0 to 10; yesterday 6): ")
        #expect(first.contains("check-in for 2026-06-10: 3 questions"))
        // Nothing is written while the questions are asked.
        let before = try cli.snapshot()
        try terminal.answer("7")
        // Yesterday's stress is the day's mean of 2 and 4; `=` repeats it.
        try terminal.waitFor("[2/3] stress (0 to 10; yesterday 3): ")
        try terminal.answer("=")
        try terminal.waitFor("[3/3] poor posture (yes or no (1 or 0); yesterday none): ")
        try terminal.answer("?")
        try terminal.waitFor("poor posture: a trigger, yes or no")
        try terminal.waitFor("[3/3] poor posture", times: 2)
        #expect(try cli.snapshot() == before)
        try terminal.answer("yes")
        try terminal.waitFor("note for the day (Enter: none · b: back): ")
        try terminal.answer("slept at the sea")
        let screen = try terminal.waitFor("[exit 0]")
        #expect(
            screen.contains(
                "checked in for 2026-06-10: 3 entries (fatigue 7, stress 3, poor posture yes) and a note"))
        let stored = try june10().sorted { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }
        #expect(stored.map { $0["item"] as? String } == ["fatigue", "stress", "poor posture"])
        #expect(stored.map { $0["value"] as? Double } == [7, 3, 1])
        let notes = try cli.objects(["list", "--since", "2026-06-10", "--until", "2026-06-10", "--kind", "note"])
        #expect(notes.map { $0["note"] as? String } == ["slept at the sea"])
        #expect(Set((stored + notes).map { $0["local_time"] as? String }) == ["2026-06-10T12:00:00.000+00:00"])
    }

    @Test(.enabled(if: Terminal.tmux != nil, Comment(rawValue: Terminal.missing)))
    func backAndEnterKeepAnswersAndNotTodayStoresNothing() throws {
        let terminal = try Terminal(cli, ["checkin", "--at", "2026-06-10", "--no-note"])
        try terminal.waitFor("[1/3] fatigue")
        try terminal.answer("b")
        try terminal.waitFor("this is the first question")
        try terminal.answer("4")
        try terminal.waitFor("[2/3] stress")
        try terminal.answer("b")
        // Back at the first question, its answer is shown; Enter keeps it.
        try terminal.waitFor("[1/3] fatigue (0 to 10; yesterday 6; answered 4): ")
        try terminal.answer("")
        try terminal.waitFor("[2/3] stress", times: 2)
        try terminal.answer("")  // not today
        try terminal.waitFor("[3/3] poor posture")
        try terminal.answer("no")
        let screen = try terminal.waitFor("[exit 0]")
        #expect(!screen.contains("note for the day"))
        #expect(screen.contains("checked in for 2026-06-10: 2 entries (fatigue 4, poor posture no)"))
        #expect(Set(try june10().map { $0["value"] as? Double }) == [4, 0])
    }

    @Test(.enabled(if: Terminal.tmux != nil, Comment(rawValue: Terminal.missing)))
    func aBadValueIsAskedAgainAndTheAnswersGivenStay() throws {
        let terminal = try Terminal(cli, ["checkin", "--at", "2026-06-10", "--no-note"])
        try terminal.waitFor("[1/3] fatigue")
        try terminal.answer("3")
        try terminal.waitFor("[2/3] stress")
        try terminal.answer("11")
        try terminal.waitFor("11 is out of range for stress; use 0 to 10; ? explains")
        try terminal.answer("lots")
        try terminal.waitFor("'lots' is not a number; stress takes 0 to 10")
        try terminal.waitFor("[2/3] stress", times: 3)
        try terminal.answer("5")
        try terminal.waitFor("[3/3] poor posture")
        try terminal.answer("maybe")
        try terminal.waitFor("'maybe' is not yes or no")
        try terminal.answer("q")
        let screen = try terminal.waitFor("[exit 0]")
        #expect(screen.contains("checked in for 2026-06-10: 2 entries (fatigue 3, stress 5)"))
        #expect(Set(try june10().map { $0["value"] as? Double }) == [3, 5])
    }

    @Test(.enabled(if: Terminal.tmux != nil, Comment(rawValue: Terminal.missing)))
    func ctrlCWritesNothingAndSaysSo() throws {
        let before = try cli.snapshot()
        let terminal = try Terminal(cli, ["checkin", "--at", "2026-06-10"])
        try terminal.waitFor("[1/3] fatigue")
        try terminal.answer("7")
        try terminal.waitFor("[2/3] stress")
        try terminal.answer("5")
        try terminal.waitFor("[3/3] poor posture")
        try terminal.press("C-c")
        let screen = try terminal.waitFor("[exit 130]")
        #expect(screen.contains("flarelog: check-in interrupted: nothing written"))
        #expect(try cli.snapshot() == before)
    }

    @Test(.enabled(if: Terminal.tmux != nil, Comment(rawValue: Terminal.missing)))
    func theEndOfInputWritesNothing() throws {
        let before = try cli.snapshot()
        let terminal = try Terminal(cli, ["checkin", "--at", "2026-06-10"])
        try terminal.waitFor("[1/3] fatigue")
        try terminal.answer("7")
        try terminal.waitFor("[2/3] stress")
        try terminal.press("C-d")
        let screen = try terminal.waitFor("[exit 66]")
        #expect(screen.contains("flarelog: error: the input ended before the check-in did: nothing written"))
        #expect(try cli.snapshot() == before)
    }

    @Test(.enabled(if: Terminal.tmux != nil, Comment(rawValue: Terminal.missing)))
    func theConfiguredListIsAskedInItsOrder() throws {
        #expect(
            try cli.ok(["config", "set", "checkin", " Sleep ,trigger:STRESS,, yoga"])
                == "checkin = sleep, trigger:stress, yoga\n")
        let terminal = try Terminal(cli, ["checkin", "--at", "2026-06-10", "--no-note"])
        try terminal.waitFor("[1/3] sleep (0 to 24 hours; yesterday none): ")
        try terminal.answer("")
        try terminal.waitFor("[2/3] stress")
        try terminal.answer("")
        try terminal.waitFor("[3/3] yoga (0 to 1440 minutes; yesterday none): ")
        try terminal.answer("")
        let screen = try terminal.waitFor("[exit 0]")
        #expect(screen.contains("nothing answered for 2026-06-10: nothing written"))
    }

    @Test func withoutATerminalItRefusesAndPointsToTheOneLineForm() throws {
        let before = try cli.snapshot()
        try cli.fails(["checkin"], status: 64, containing: "flarelog log \"widespread pain=7\" fatigue=6")
        #expect(try cli.snapshot() == before)
    }

    @Test func theListTakesOnlyNamesThatExist() throws {
        try cli.refuses(
            ["config", "set", "checkin", "fatigue, stres"], status: 65, containing: "did you mean 'stress'")
        try cli.ok(["items", "add", "symptom", "stress", "--type", "scale"])
        try cli.refuses(
            ["config", "set", "checkin", "stress"], status: 65, containing: "'symptom:stress' or 'trigger:stress'")
        #expect(try cli.ok(["config", "get", "checkin"]) == "\n")
    }
}
