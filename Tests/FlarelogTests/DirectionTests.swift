import Foundation
import Testing
import TestSupport

/// Ratings that are better when higher (mood, energy): defined, listed, carried by export and import, kept
/// out of the default score, and scored as badness when named as the outcome.
@Suite struct DirectionTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    @Test func aRatingIsDefinedListedAndRefusedWhereItCannotBe() throws {
        let added = try cli.object([
            "items", "add", "symptom", "sleep quality", "--type", "scale", "--min", "1", "--max", "4",
            "--better-when-higher",
        ])
        #expect(added["direction"] as? String == "better-when-higher")
        #expect(added["aggregate"] as? String == "mean")
        #expect(added["min"] as? Double == 1 && added["max"] as? Double == 4)
        let line = try cli.ok(["items", "add", "symptom", "vitality", "--type", "scale", "--better-when-higher"])
        #expect(line == "added symptom 'vitality': scale, 0 to 10, daily mean, better when higher\n")
        try cli.refuses(
            ["items", "add", "trigger", "steps", "--type", "quantity", "--better-when-higher"], status: 65,
            containing: "only a scale with --min and --max can be better when higher")
        let mood = try #require(
            try cli.objects(["items", "--kind", "symptom"]).first { $0["name"] as? String == "mood" })
        #expect(mood["direction"] as? String == "better-when-higher" && mood["builtin"] as? Bool == true)
        #expect(mood["min"] as? Double == 0 && mood["max"] as? Double == 10)
        let pain = try #require(
            try cli.objects(["items", "--kind", "symptom"]).first { $0["name"] as? String == "widespread pain" })
        #expect(pain["direction"] as? String == "worse-when-higher")
        let table = try cli.ok(["items", "--kind", "symptom"])
        #expect(table.contains("mood "))
        #expect(table.split(separator: "\n").first { $0.hasPrefix("symptom  mood ") }?.contains(" higher ") == true)
    }

    /// The 20 days before today: pain 2 every day and a good mood of 9, except five days of mood 2 and stress.
    private func logHistory() throws {
        for day in 1...20 {
            let bad = day % 4 == 0
            try cli.log(["symptom", "widespread pain", "2"], at: "\(day) days ago")
            try cli.log(["symptom", "mood", bad ? "2" : "9"], at: "\(day) days ago")
            try cli.log(["trigger", "stress", bad ? "8" : "1"], at: "\(day) days ago")
        }
    }

    @Test func theDefaultScoreLeavesMoodOutAndTheMoodOutcomeIsTurnedAround() throws {
        try logHistory()
        let any = try cli.object(["correlate", "--lags", "0"])
        #expect(any["flare_days"] as? Int == 0)
        #expect(any["flare_rule"] as? String == "any symptom at or above 7 or a logged flare")
        let mood = try cli.object(["correlate", "--outcome", "mood", "--lags", "0"])
        #expect(mood["direction"] as? String == "better-when-higher")
        #expect(mood["flare_days"] as? Int == 5 && mood["nonflare_days"] as? Int == 15)
        #expect(mood["flare_rule"] as? String == "mood at or below 3 or a logged flare")
        let table = try cli.ok(["correlate", "--outcome", "mood", "--lags", "0", "--threshold", "6.5"])
        #expect(table.contains("5 flare days (mood at or below 3.5 or a logged flare)"))
        let stress = try #require((mood["results"] as? [[String: Any]])?.first)
        #expect(stress["mean_on_flare"] as? Double == 8 && stress["mean_off_flare"] as? Double == 1)
        // effect reads a rating on its own scale: each walk comes the day before a mood of 2, and every other day
        // is followed by a mood of 9; the JSON keeps the score (badness 10 + 0 − 2 = 8).
        try cli.ok(["items", "add", "intervention", "walk", "--type", "boolean"])
        for day in [5, 9, 13, 17, 21] { try cli.log(["intervention", "walk"], at: "\(day) days ago") }
        let effect = try cli.ok(["effect", "walk", "--outcome", "mood"])
        #expect(effect.contains("the next day's median mood was 2 vs 9 without"), "\(effect)")
        #expect(try cli.object(["effect", "walk", "--outcome", "mood"])["median_with"] as? Double == 8)
        // The summary's score is the symptoms' (pain 2), not mood; mood's average is listed with its direction.
        let summary = try cli.object(["summary", "--days", "21"])
        #expect(summary["flare_days"] as? Int == 0)
        #expect(summary["flare_rule"] as? String == "any symptom at or above 7 or a logged flare")
        let days = try #require(summary["days"] as? [[String: Any]])
        #expect(days.compactMap { $0["score"] as? Double } == Array(repeating: 2, count: 20))
        let symptoms = try #require(summary["symptoms"] as? [[String: Any]])
        #expect(symptoms.first { $0["name"] as? String == "mood" }?["direction"] as? String == "better-when-higher")
    }

    @Test func exportAndImportCarryTheDirection() throws {
        try cli.ok([
            "items", "add", "symptom", "calm", "--type", "scale", "--min", "1", "--max", "5", "--better-when-higher",
        ])
        try cli.log(["symptom", "calm", "4"], at: "2026-03-01 09:00")
        for format in ["csv", "json"] {
            let file = cli.path("out.\(format)")
            try cli.ok(["export", "--format", format, "--out", file])
            let other = try CLI()
            try other.ok(["import", file])
            let calm = try #require(try other.objects(["items"]).first { $0["name"] as? String == "calm" })
            #expect(calm["direction"] as? String == "better-when-higher" && calm["max"] as? Double == 5)
            let again = other.path("again.\(format)")
            try other.ok(["export", "--format", format, "--out", again])
            if format == "csv" { #expect(try sha256sum(again) == sha256sum(file)) }
        }
    }
}
