import Foundation
import SQLite
import Testing

/// `correlate` and `effect` through the binary and the database, against the scipy fixtures that
/// FlareKit's pure-function tests use: this checks the SQL aggregation and the flare mapping too.
@Suite struct AnalysisCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FlareKitTests/Fixtures/analysis")

    /// Loads a fixture history into a new flarelog database: its items with their metadata, its entries
    /// (one per CSV row, on the row's local day) and each flare entry's day as a one-day flare episode.
    static func database(for history: String, cli: CLI) throws {
        try cli.ok(["init"])
        let folder = fixtures.appendingPathComponent(history)
        let db = try Connection(path: cli.database)
        let metadata = try rows(String(contentsOf: folder.appendingPathComponent("metadata.csv"), encoding: .utf8))
        let entries = try rows(String(contentsOf: folder.appendingPathComponent("entries.csv"), encoding: .utf8))
        try db.transaction {
            // Fixture items replace catalog items of the same name, so their types and aggregates are the fixture's.
            for row in metadata {
                let (kind, name, type) = (row[0], row[1], row[2])
                let defaults = ["boolean": "any", "quantity": "sum", "scale": kind == "symptom" ? "max" : "mean"]
                let aggregate = row[3].isEmpty ? defaults[type]! : row[3]
                try db.run("DELETE FROM item WHERE kind = ? AND name = ? COLLATE NOCASE", [kind, name])
                let direction = row[4].isEmpty ? "worse-when-higher" : row[4]
                try db.run(
                    """
                    INSERT INTO item (kind, name, value_type, aggregate, direction, min, max, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'x')
                    """, [kind, name, type, aggregate, direction, Double(row[5]), Double(row[6])])
            }
            var flareDays = Set<String>()
            for (index, row) in entries.enumerated() {
                let (day, kind, name, value) = (row[1], row[2], row[3], Double(row[4])!)
                if kind == "flare" {
                    flareDays.insert(day)
                    continue
                }
                let known = try db.scalar(
                    "SELECT count(*) FROM item WHERE kind = ? AND name = ?", [kind, name], as: Int.self)
                if known == 0 {
                    let defaults = [
                        "symptom": ("scale", "max"), "trigger": ("scale", "mean"), "intervention": ("quantity", "sum"),
                    ]
                    let (type, aggregate) = defaults[kind]!
                    try db.run(
                        "INSERT INTO item (kind, name, value_type, aggregate, created_at) VALUES (?, ?, ?, ?, 'x')",
                        [kind, name, type, aggregate])
                }
                try db.run(
                    """
                    INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, created_at, updated_at)
                    VALUES (?, (SELECT id FROM item WHERE kind = ? AND name = ?), ?, 0, ?, ?, 'x', 'x')
                    """, ["e\(index)", kind, name, day + "T12:00:00.000Z", day, value])
            }
            for (index, day) in flareDays.sorted().enumerated() {
                try db.run(
                    """
                    INSERT INTO flare (uid, started_at, ended_at, start_day, end_day, utc_offset_min, end_utc_offset_min, created_at)
                    VALUES (?, ?, ?, ?, ?, 0, 0, 'x')
                    """, ["f\(index)", day + "T08:00:00.000Z", day + "T20:00:00.000Z", day, day])
            }
        }
    }

    /// The fixture CSVs have no line breaks inside fields, so quoting only needs handling within a line.
    static func rows(_ text: String) -> [[String]] {
        text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            var fields: [String] = []
            var field = ""
            var quoted = false
            var previous: Character?
            for character in line {
                defer { previous = character }
                switch character {
                case "\"" where !quoted && previous == "\"":
                    // A doubled quote inside a quoted field: the first one closed it, this one reopens it.
                    field.append("\"")
                    quoted = true
                case "\"": quoted.toggle()
                case "," where !quoted:
                    fields.append(field)
                    field = ""
                default: field.append(character)
                }
            }
            fields.append(field)
            return fields
        }
    }

    static func cases(_ history: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(history).appendingPathComponent("cases.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    /// Every number within 1e-9 relative, everything else equal; results matched by trigger and lag.
    static func compare(_ actual: Any?, _ expected: Any?, _ path: String, _ problems: inout [String]) {
        switch (actual, expected) {
        case (let a as [String: Any], let e as [String: Any]):
            if Set(a.keys) != Set(e.keys) { problems.append("\(path): keys \(a.keys.sorted()) vs \(e.keys.sorted())") }
            for key in e.keys where key != "results" { compare(a[key], e[key], "\(path).\(key)", &problems) }
            if let mine = a["results"] as? [[String: Any]], let theirs = e["results"] as? [[String: Any]] {
                func key(_ r: [String: Any]) -> String { "\(r["trigger"]!)@\(r["lag"]!)" }
                let byKey = Dictionary(mine.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
                if mine.count != theirs.count { problems.append("\(path).results: \(mine.count) vs \(theirs.count)") }
                for result in theirs { compare(byKey[key(result)], result, "\(path)[\(key(result))]", &problems) }
            }
        case (let a as [Any], let e as [Any]):
            if a.count != e.count { problems.append("\(path): \(a.count) vs \(e.count) elements") }
            for (index, (x, y)) in zip(a, e).enumerated() { compare(x, y, "\(path)[\(index)]", &problems) }
        case (let a as String, let e as String):
            if a != e { problems.append("\(path): \(a) vs \(e)") }
        case (let a as NSNumber, let e as NSNumber):
            let (x, y) = (a.doubleValue, e.doubleValue)
            if abs(x - y) > 1e-9 * max(abs(x), abs(y)) { problems.append("\(path): \(x) vs \(y)") }
        case (is NSNull, is NSNull): break
        default: problems.append("\(path): \(String(describing: actual)) vs \(String(describing: expected))")
        }
    }

    @Test(arguments: ["planted", "explicit_flares", "windows", "zero_cells", "sparse", "ratings"])
    func commandsMatchTheScipyReference(history: String) throws {
        let cli = try CLI()
        try Self.database(for: history, cli: cli)
        for testCase in try Self.cases(history) {
            var arguments: [String]
            if testCase["command"] as? String == "correlate" {
                arguments = [
                    "correlate", "--lags", testCase["lags"] as! String,
                    "--threshold", "\((testCase["threshold"] as! NSNumber).doubleValue)",
                ]
            } else {
                arguments = ["effect", testCase["intervention"] as! String]
            }
            if let outcome = testCase["outcome"] as? String { arguments += ["--outcome", outcome] }
            if let since = testCase["since"] as? String { arguments += ["--since", since] }
            if let until = testCase["until"] as? String { arguments += ["--until", until] }
            let result = try cli.run(arguments + ["--format", "json"])
            if let error = testCase["error"] {
                #expect(result.status != 0, "\(arguments) should fail: \(error)")
                continue
            }
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let actual = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            var problems: [String] = []
            Self.compare(actual, testCase["expected"], "\(history) \(arguments.joined(separator: " "))", &problems)
            #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        }
    }

    @Test func plainLanguageTableAndExplain() throws {
        let cli = try CLI()
        try Self.database(for: "planted", cli: cli)
        let table = try cli.ok(["correlate"])
        #expect(table.contains("Findings (permutation q < 0.05):"))
        #expect(table.contains("stress (the day before): the day before flare days had a mean of"))
        #expect(table.contains("— likely real"))
        #expect(table.contains("Correlation is not causation"))
        let findings = table.components(separatedBy: "Possible")[0]
        #expect(findings.contains("poor posture (the same day)"))
        let explained = try cli.ok(["correlate", "--explain"])
        #expect(explained.contains("GROUP BY item_id, local_day"))
        #expect(explained.contains("Benjamini-Hochberg"))
        #expect(explained.contains("Days with entries: "))
        let effect = try cli.ok(["effect", "YOGA"])
        #expect(effect.hasPrefix("after days with yoga, the next day's median score was"))
        // JSON stays one document on stdout even with --explain.
        let json = try cli.run(["correlate", "--format", "json", "--explain"])
        #expect(try CLI.json(json.stdout)["results"] != nil)
        #expect(json.stderr.contains("GROUP BY"))
    }

    @Test func tooLittleDataSaysWhatIsMissing() throws {
        let cli = try CLI()
        try cli.ok(["log", "symptom", "fatigue", "8", "--at", "2026-01-01T09:00"])
        try cli.ok(["log", "trigger", "stress", "5", "--at", "2026-01-01T08:00"])
        let table = try cli.ok(["correlate"])
        #expect(table.contains("need at least 14 days with both stress"))
        let effect = try cli.ok(["effect", "yoga"])
        #expect(effect.contains("not enough data"))
    }

    @Test func errorsOfTheSpec() throws {
        let cli = try CLI()
        try cli.ok(["log", "symptom", "fatigue", "8", "--at", "2026-01-01T09:00"])
        try cli.fails(["correlate", "--lags", "3-1"], status: 64)
        try cli.fails(["correlate", "--lags", "-1"], status: 64)
        try cli.fails(["correlate", "--lags", "a"], status: 64)
        try cli.fails(["correlate", "--threshold", "nan"], status: 64)
        try cli.fails(["correlate", "--since", "2026-02-30"], status: 64)
        try cli.fails(["correlate", "--outcome", "fatige"], status: 65, containing: "did you mean 'fatigue'?")
        try cli.fails(
            ["effect", "yogurt"], status: 65,
            containing: "no intervention named 'yogurt'. To add it: flarelog items add")
        try cli.fails(["effect", "yoga", "--format", "csv"], status: 64)
        let result = try cli.run(["correlate", "--lags", "x", "--format", "json"])
        #expect(result.stdout.isEmpty)
    }
}
