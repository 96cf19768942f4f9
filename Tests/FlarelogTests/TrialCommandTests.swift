import FlareKit
import Foundation
import Testing

/// `flarelog trial plan|today|stop|list|analyze`, run as a person would.
@Suite struct TrialCommandTests {
    let cli: CLI
    /// Today in the tests' zone (UTC), as the binary sees it.
    let today: LocalDay

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        today = try #require(LocalDay(year: parts.year!, month: parts.month!, day: parts.day!))
    }

    @Test func aPlanIsPrintedAsACalendarAndStored() throws {
        let result = try cli.run(["trial", "plan", "yoga", "--outcome", "fatigue", "--seed", "42", "--blocks", "4"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("planned trial 1: yoga (A) vs without yoga (B), outcome fatigue; 4 blocks"))
        #expect(result.stdout.contains("seed 42"))
        let arms = TrialPlan.randomArms(blocks: 4, seed: 42)
        #expect(result.stdout.contains("1      1       \(today)  \(today + 6)  \(arms[0].rawValue)"))
        #expect(result.stdout.split(separator: "\n").count == 2 + 8)
        #expect(
            result.stderr
                == "flarelog: warning: with 4 blocks the smallest possible randomisation p is 0.0625 one-sided "
                + "(0.125 two-sided), so this trial can never reach p < 0.05; plan 5 blocks or more (6 for the "
                + "two-sided p that 'trial analyze' reports)\n")
        let listed = try cli.objects(["trial", "list"])
        #expect(listed.count == 1)
        let trial = listed[0]
        #expect(trial["name"] as? String == "yoga" && trial["vs"] as? String == "none")
        #expect(trial["period"] as? Int == 7 && trial["washout"] as? Int == 2 && trial["blocks"] as? Int == 4)
        #expect(trial["seed"] as? Int == 42 && trial["start"] as? String == today.description)
        #expect(trial["status"] as? String == "running")
        #expect((trial["periods"] as? [[String: Any]])?.map { $0["arm"] as? String } == arms.map(\.rawValue))
    }

    @Test func theDefaultSeedIsRandomAndStored() throws {
        let first = try cli.object(["trial", "plan", "yoga", "--outcome", "fatigue", "--start", "2030-01-01"])
        let second = try cli.object(["trial", "plan", "yoga", "--outcome", "fatigue", "--start", "2031-01-01"])
        let seeds = [first, second].compactMap { ($0["seed"] as? NSNumber)?.uint64Value }
        #expect(seeds.count == 2 && seeds[0] != seeds[1])
        #expect(first["status"] as? String == "planned")
    }

    @Test func refusalsAreOneLineAndWriteNothing() throws {
        try cli.refuses(
            ["trial", "plan", "yoga", "--outcome", "fatigue", "--blocks", "1"], status: 64,
            containing: "--blocks must be between 2 and 20")
        try cli.refuses(
            ["trial", "plan", "yoga", "--outcome", "fatigue", "--washout", "7"], status: 64,
            containing: "shorter than --period")
        try cli.refuses(
            ["trial", "plan", "yogga", "--outcome", "fatigue"], status: 65, containing: "did you mean 'yoga'")
        try cli.refuses(
            ["trial", "plan", "yoga", "--outcome", "nothing"], status: 65, containing: "no symptom named 'nothing'")
        try cli.refuses(
            ["trial", "plan", "yoga", "--vs", "yoga", "--outcome", "fatigue"], status: 65, containing: "change --vs")
        try cli.ok(["trial", "plan", "yoga", "--outcome", "fatigue"])
        try cli.refuses(
            ["trial", "plan", "walking", "--outcome", "fatigue", "--start", (today + 30).description], status: 65,
            containing: "only one trial runs at a time")
        // A refused plan creates no database.
        let fresh = try CLI()
        try fresh.fails(["trial", "plan", "nothing", "--outcome", "fatigue"], status: 65)
        #expect(!FileManager.default.fileExists(atPath: fresh.database))
    }

    @Test func todaySaysWhatToDo() throws {
        #expect(try cli.ok(["trial", "today"]) == "no trial is running; plan one with 'flarelog trial plan'\n")
        try cli.ok([
            "trial", "plan", "yoga", "--outcome", "fatigue", "--washout", "3", "--seed", "5", "--start",
            (today - 8).description,
        ])
        let arm = TrialPlan.randomArms(blocks: 5, seed: 5)[1]
        let what = arm == .a ? "with yoga" : "without yoga"
        #expect(try cli.ok(["trial", "today"]) == "day 9 of 70: block 1, period 2 (\(what)), washout ends tomorrow\n")
        let summary = try cli.ok(["summary", "--days", "3"])
        #expect(summary.contains("trial: day 9 of 70: block 1, period 2 (\(what)), washout ends tomorrow"))
    }

    @Test func stopEndsTheTrialAndKeepsIt() throws {
        try cli.fails(["trial", "stop"], status: 65, containing: "no trial is running")
        try cli.ok(["trial", "plan", "yoga", "--outcome", "fatigue", "--start", (today - 3).description])
        #expect(try cli.ok(["trial", "stop"]) == "stopped trial 1 (yoga) on \(today)\n")
        let trial = try #require(try cli.objects(["trial", "list"]).first)
        #expect(trial["status"] as? String == "stopped" && trial["stopped_day"] as? String == today.description)
        #expect(try cli.ok(["trial", "today"]).hasPrefix("no trial is running"))
        #expect(!(try cli.ok(["summary", "--days", "3"]).contains("trial:")))
        try cli.ok(["trial", "plan", "walking", "--outcome", "fatigue"])
    }

    /// A finished trial with a planted effect, logged through FlareKit, analysed by the binary.
    @Test func analyzeReportsTheDocumentedNumbers() throws {
        let start = today - 90
        try cli.ok([
            "trial", "plan", "yoga", "--outcome", "fatigue", "--seed", "9", "--blocks", "6", "--start",
            start.description,
        ])
        let arms = TrialPlan.randomArms(blocks: 6, seed: 9)
        let database = try Database(path: cli.database, access: .write)
        let fatigue = try database.item(.symptom, named: "fatigue")
        let yoga = try database.item(.intervention, named: "yoga")
        for offset in 0..<84 {
            let day = start + offset
            let onA = arms[offset / 7] == .a
            let time = EntryTime(occurredAt: "\(day)T10:00:00.000Z", utcOffsetMinutes: 0, localDay: day)
            let value = (onA ? 3.0 : 6.0 + Double(offset / 14) / 4) + Double((offset * 7) % 5) / 2
            _ = try database.log(
                NewEntry(uid: "f\(offset)", value: value, time: time), of: fatigue, now: "\(day)T10:00:00.000Z")
            if onA != (offset == 40) {
                _ = try database.log(
                    NewEntry(uid: "y\(offset)", value: 20, time: time), of: yoga, now: "\(day)T10:00:00.000Z")
            }
        }
        let document = try cli.object(["trial", "analyze"])
        #expect(document["status"] as? String == "ok" && document["reason"] is NSNull)
        for key in [
            "trial", "blocks", "mean_difference", "sd", "t", "df", "p_t", "ci95", "p_randomization",
            "autocorrelation_lag1", "p_better", "p_better_by_1", "p_better_by_30pct", "adherence", "conclusion",
            "cautions",
        ] {
            #expect(document[key] != nil, "\(key)")
        }
        #expect(document["df"] as? Int == 5)
        #expect((document["mean_difference"] as? Double ?? 0) > 2)
        #expect(document["p_randomization"] as? Double == 2.0 / 64)
        let adherence = try #require(document["adherence"] as? [String: Int])
        #expect(adherence["analysed_days"] == 60 && adherence["a_days_without"]! + adherence["b_days_with"]! == 1)
        let trial = try #require(document["trial"] as? [String: Any])
        #expect(trial["status"] as? String == "finished")
        let table = try cli.ok(["trial", "analyze"])
        #expect(
            table.contains(
                "randomisation (exact, every swap of A and B inside the blocks): p = 0.031 (2 of 64 assignments)"))
        #expect(
            table.contains(
                "With yoga, fatigue was better by 3.6 points on average than without yoga (95% interval 3.1 to 4.1"))
        #expect(table.hasSuffix(TrialNarrative.caution + "\n"))
        try cli.fails(["trial", "analyze", "--id", "7"], status: 65, containing: "no trial 7")
        // The doctor's report of the last 90 days holds the trial: its bars and its numbers.
        let report = cli.path("report.html")
        try cli.ok(["report", "--out", report])
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<section id=\"trial-1\">\n<h2>Trial of yoga</h2>"))
        #expect(html.contains("data-chart=\"trial\" data-blocks=\"6\""))
        #expect(html.components(separatedBy: "data-arm=\"A\"").count == 7)
        #expect(html.components(separatedBy: "data-arm=\"B\"").count == 7)
        #expect(html.contains("p = 0.031 (2 of 64 assignments)"))
        #expect(html.contains("With yoga, fatigue was better by 3.6 points"))
        let before = cli.path("before.html")
        try cli.ok(["report", "--out", before, "--until", (start - 1).description])
        #expect(!(try String(contentsOfFile: before, encoding: .utf8)).contains("id=\"trial-1\""))
    }

    @Test func demoSimulatesAFinishedTrial() throws {
        let fresh = try CLI()
        let output = try fresh.ok(["demo", "--trial", "--days", "100"])
        #expect(
            output.contains(
                "\n$ flarelog trial analyze\ntrial 1: yoga (A) vs without yoga (B), outcome widespread pain; 6 blocks"))
        #expect(output.contains("finished; seed 2026"))
        #expect(output.contains("randomisation (exact, every swap of A and B inside the blocks): p = "))
        #expect(output.contains(TrialNarrative.caution))
        try fresh.fails(["demo", "--trial", "--days", "60"], status: 64, containing: "--trial needs --days 84 or more")
    }
}
