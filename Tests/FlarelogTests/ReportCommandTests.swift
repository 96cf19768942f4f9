import FlareKit
import Foundation
import Testing

/// `flarelog report` and `flarelog summary` through the binary, on the demo history.
@Suite struct ReportCommandTests {
    /// Today's UTC date plus `offset` days (the CLI runs with TZ=UTC).
    static func day(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: offset, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `text.contains(part)` without echoing a whole report when an expectation fails.
    static func has(_ text: String, _ part: String) -> Bool { text.contains(part) }

    static let hostileNote = "<script>alert(1)</script> & \"quotes\""
    static let hostileTrigger = "a<b&c"
    static let hostileSymptom = "<i>x</i>&y"

    /// The demo history plus entries whose names and notes would break naive HTML.
    static func demo(_ cli: CLI) throws {
        try cli.ok(["demo"])
        try cli.ok(["items", "add", "trigger", hostileTrigger, "--type", "boolean"])
        try cli.ok(["items", "add", "symptom", hostileSymptom, "--type", "scale"])
        let at = day(-3) + "T10:00"
        try cli.ok(["log", "trigger", hostileTrigger, "--at", at])
        try cli.ok(["log", "symptom", hostileSymptom, "9", "--at", at, "--note", hostileNote, "--region", "<b>knee"])
    }

    /// The `data-` attributes of each table row with `marker` (one row per line).
    static func rows(_ html: String, marker: String) throws -> [[String: String]] {
        let pattern = try NSRegularExpression(pattern: "data-([a-z-]+)=\"([^\"]*)\"")
        return html.split(separator: "\n").filter { $0.hasPrefix("<tr ") && $0.contains(marker) }.map { line in
            let text = String(line)
            var attributes: [String: String] = [:]
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                attributes[key] = String(text[Range(match.range(at: 2), in: text)!])
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&amp;", with: "&")
            }
            attributes["_line"] = text
            return attributes
        }
    }

    /// Whether a `data-` attribute holds the JSON number (both empty for null). Foundation's JSON parser on
    /// Linux can be one unit in the last place off, so the comparison allows 1e-12 relative.
    static func same(_ attribute: String?, _ json: Any?) -> Bool {
        guard let number = json as? NSNumber else { return attribute == "" }
        guard let attribute, let value = Double(attribute) else { return false }
        let expected = number.doubleValue
        return abs(value - expected) <= 1e-12 * max(abs(value), abs(expected))
    }

    @Test func reportMatchesCorrelateAndEffectAndEscapesEverything() throws {
        let cli = try CLI()
        try Self.demo(cli)
        let (since, until) = (Self.day(-60), Self.day(-1))
        try cli.ok(["note", "walked by the <sea> & rested", "--at", Self.day(-3)])
        try cli.ok(["note", "outside the period", "--at", Self.day(-90)])
        let path = cli.path("out/report.html")
        try FileManager.default.createDirectory(atPath: cli.path("out"), withIntermediateDirectories: true)
        let written = try cli.ok(["report", "--since", since, "--until", until, "--out", path])
        #expect(written.hasPrefix("Wrote \(path)"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("out")) == ["report.html"])
        let html = try String(contentsOfFile: path, encoding: .utf8)

        // Structure.
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in ["timeline", "calendar", "regions", "triggers", "interventions", "notes", "day-notes"] {
            #expect(Self.has(html, "<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(Self.has(html, "@page"))
        #expect(Self.has(html, "data-chart=\"timeline\" data-from=\"\(since)\" data-to=\"\(until)\""))

        // Self-contained and inert.
        let lower = html.lowercased()
        for forbidden in ["<script", "http://", "https://", "url(", "@import", "<link", "<img", "<iframe", "src="] {
            #expect(!lower.contains(forbidden), "found \(forbidden)")
        }
        // Hostile names and notes are escaped wherever they appear.
        #expect(Self.has(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(Self.has(html, "a&lt;b&amp;c"))
        #expect(Self.has(html, "&lt;i&gt;x&lt;/i&gt;&amp;y"))
        #expect(Self.has(html, "&lt;b&gt;knee"))
        #expect(!Self.has(html, "<i>x"))
        #expect(!Self.has(html, "<b>knee"))

        // The header agrees with correlate over the same period.
        let correlate = try CLI.json(try cli.ok(["correlate", "--since", since, "--until", until, "--format", "json"]))
        #expect(Self.has(html, "<dd id=\"flare-days\">\(correlate["flare_days"] as! Int)</dd>"))
        #expect(Self.has(html, "<dd id=\"days-observed\">\(correlate["days_observed"] as! Int)</dd>"))

        // The trigger table: exactly the tests with q < 0.05, with correlate's numbers.
        let results = try #require(correlate["results"] as? [[String: Any]])
        let significant = results.filter { ($0["q"] as? NSNumber).map { $0.doubleValue < 0.05 } ?? false }
        let rows = try Self.rows(html, marker: "data-trigger=")
        #expect(!rows.isEmpty)
        #expect(rows.count == significant.count)
        for row in rows {
            let result = try #require(
                results.first { $0["trigger"] as? String == row["trigger"] && "\($0["lag"]!)" == row["lag"] },
                "\(row)")
            let line = row["_line"]!
            #expect(Self.same(row["q"], result["q"]), "q")
            #expect(Self.same(row["perm-q"], result["perm_q"]), "perm-q")
            #expect(line.contains(">\(ReportFormat.probability((result["q"] as? NSNumber)?.doubleValue))</td>"))
            #expect(line.contains(">\(ReportFormat.probability((result["perm_q"] as? NSNumber)?.doubleValue))</td>"))
            if result["value_type"] as? String == "boolean" {
                let interval = result["or_ci"] as? [NSNumber]
                #expect(Self.same(row["or"], result["or"]), "or")
                #expect(Self.same(row["or-low"], interval?.first), "or-low")
                #expect(Self.same(row["or-high"], interval?.last), "or-high")
                #expect(line.contains(ReportFormat.ratio((result["or"] as? NSNumber)?.doubleValue)))
            } else {
                #expect(Self.same(row["r"], result["r"]), "r")
                #expect(line.contains(ReportFormat.coefficient((result["r"] as? NSNumber)?.doubleValue)))
            }
        }

        // The interventions: one row per intervention with entries, with effect's numbers.
        let effects = try Self.rows(html, marker: "data-intervention=")
        #expect(Set(effects.map { $0["intervention"]! }) == ["magnesium", "walking", "yoga"])
        for row in effects {
            let effect = try CLI.json(
                try cli.ok(["effect", row["intervention"]!, "--since", since, "--until", until, "--format", "json"]))
            #expect(Self.same(row["median-with"], effect["median_with"]), "median-with")
            #expect(Self.same(row["median-without"], effect["median_without"]), "median-without")
            #expect(Self.same(row["p"], effect["p"]), "p")
            #expect(Self.same(row["perm-p"], effect["perm_p"]), "perm-p")
            #expect(row["strength"] == (effect["status"] as? String == "ok" ? row["strength"] : "insufficient"))
        }

        // The flare-day notes include the hostile one (a score of 9 makes its day a flare day).
        let notes = html.components(separatedBy: "<section id=\"notes\">")[1]
        #expect(notes.contains("alert(1)"))
        #expect(notes.contains("rough day, had to lie down"))
        // The period's own notes, escaped, and only those of the period.
        let dayNotes = html.components(separatedBy: "<section id=\"day-notes\">")[1]
        #expect(dayNotes.contains("walked by the &lt;sea&gt; &amp; rested"))
        #expect(!html.contains("outside the period"))
    }

    @Test func defaultFileStandardOutputAndUsage() throws {
        let cli = try CLI()
        try cli.ok(["demo"])
        let written = try cli.ok(["report"])
        let name = "flarelog-report-\(Self.day(0)).html"
        #expect(written.hasPrefix("Wrote \(name) ("))
        #expect(FileManager.default.fileExists(atPath: cli.path(name)))
        let printed = try cli.ok(["report", "--out", "-", "--since", Self.day(-6)])
        #expect(printed.hasPrefix("<!DOCTYPE html>"))
        #expect(printed.hasSuffix("</html>\n"))
        #expect(printed.contains("data-days=\"7\""))
        try cli.fails(["report", "--out", "a.html", "--pdf", "a.pdf"], status: 64)
        try cli.fails(["report", "--since", Self.day(-1), "--until", Self.day(-5)], status: 64, containing: "after")
        try cli.fails(["report", "--out", cli.path("missing/folder/r.html")], status: 73)
    }

    @Test func emptyAndOneDayPeriods() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        let empty = try cli.ok(["report", "--out", "-"])
        #expect(empty.contains("No symptom entries in this period"))
        #expect(empty.contains("id=\"no-findings\""))
        #expect(empty.contains("No intervention was logged in this period."))
        #expect(empty.contains("No notes on flare days."))
        #expect(empty.contains("<dd id=\"entries\">0</dd>"))
        try cli.ok(["log", "symptom", "fatigue", "8", "--at", "yesterday 09:00"])
        let one = try cli.ok(["report", "--out", "-", "--since", "yesterday", "--until", "yesterday"])
        #expect(one.contains("data-chart=\"timeline\" data-from=\"\(Self.day(-1))\" data-to=\"\(Self.day(-1))\""))
        #expect(one.contains("<circle data-series=\"fatigue\""))
        #expect(one.contains("<dd id=\"flare-days\">1</dd>"))
    }

    /// A quantity too large for an integer once made the report's number formatter trap (SIGILL, exit 132).
    @Test func hugeQuantitiesOnFlareDaysAreWrittenNotCrashedOn() throws {
        let cli = try CLI()
        try cli.ok(["items", "add", "trigger", "noise", "--type", "quantity"])
        // 21 days, enough for the analysis to compare the flare days' mean (2e19) with the others' (1).
        for offset in 1...21 {
            let at = Self.day(-offset) + "T10:00"
            let flare = offset % 3 != 0
            try cli.ok(["log", "symptom", "fatigue", flare ? "9" : "2", "--at", at])
            try cli.ok(["log", "trigger", "noise", flare ? "2e19" : "1", "--at", at])
        }
        let html = try cli.ok(["report", "--out", "-", "--since", Self.day(-21)])
        #expect(Self.has(html, "(mean 20000000000000000000 vs 1)"))
        let correlate = try cli.ok(["correlate", "--since", Self.day(-21)])
        #expect(Self.has(correlate, "noise"))
    }

    @Test func readOnlyCommandsNeverCreateTheDatabase() throws {
        let cli = try CLI()
        try cli.fails(["summary"], status: 66)
        try cli.fails(["report", "--out", "-"], status: 66)
        try cli.fails(["report"], status: 66)
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.home.path).isEmpty)
    }

    @Test func pdfWithoutChromiumNamesThePackage() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        let result = try cli.runRaw(
            ["--db", cli.database, "report", "--pdf", cli.path("r.pdf")], extraEnvironment: ["PATH": cli.home.path])
        #expect(result.status == 70)
        #expect(result.stderr.contains("install the Debian package 'chromium'"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("r.pdf")))
    }

    static let chromium = ReportFile.findChromium(path: "/usr/local/bin:/usr/bin:/bin")

    @Test(.enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium)"))
    func pdfWithChromium() throws {
        let cli = try CLI()
        try cli.ok(["demo"])
        try cli.ok(["report", "--pdf", cli.path("r.pdf")])
        let pdf = try Data(contentsOf: URL(fileURLWithPath: cli.path("r.pdf")))
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.path("r.pdf"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // One or two pages.
        let text = String(decoding: pdf, as: UTF8.self)
        let pages = try NSRegularExpression(pattern: "/Type\\s*/Page[^s]")
            .numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect((1...2).contains(pages), "\(pages) pages")
    }
}

@Suite struct SummaryCommandTests {
    static let dayLine = try! NSRegularExpression(pattern: "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d\\d-\\d\\d ")

    static func dayLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            dayLine.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil
        }
    }

    @Test func pipedOutputIsPlainAndShowsEveryPart() throws {
        let cli = try CLI()
        try cli.ok(["demo"])
        let text = try cli.ok(["summary"])
        #expect(!text.contains("\u{1B}"))
        #expect(text.hasPrefix("Summary of the last 30 days, \(ReportCommandTests.day(-29)) to "))
        #expect(Self.dayLines(text).count == 30)
        #expect(text.contains("▲"))
        #expect(text.contains("Average daily value, these 30 days vs the 30 before"))
        #expect(text.contains("widespread pain"))
        #expect(text.contains("Flare days: "))
        #expect(text.contains("Strongest findings"))
        #expect(text.contains("— likely real"))
        #expect(text.contains("Correlation is not causation"))
        #expect(text.contains("poor posture"))
    }

    @Test(arguments: [5, 20, 33, 40, 80, 200])
    func linesFitColumns(columns: Int) throws {
        let cli = try CLI()
        try cli.ok(["demo"])
        try cli.ok(["items", "add", "trigger", "a very long trigger name that will not fit", "--type", "boolean"])
        try cli.ok(["log", "trigger", "a very long trigger name that will not fit", "--at", "yesterday"])
        for arguments in [
            ["summary"], ["summary", "--days", "7", "--item", "stress", "--item", "yoga", "--item", "poor posture"],
        ] {
            let result = try cli.runRaw(
                ["--db", cli.database] + arguments, extraEnvironment: ["COLUMNS": "\(columns)"])
            #expect(result.status == 0)
            let limit = max(columns, SummaryText.minimumWidth)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            let long = lines.filter { TerminalText.width($0) > limit }
            #expect(long.isEmpty, "COLUMNS=\(columns): \(long)")
            #expect(Self.dayLines(result.stdout).count == (arguments.count == 1 ? 30 : 7))
        }
    }

    static let script = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// Runs the summary on a pseudo-terminal (util-linux `script`), so that stdout is a tty.
    func onTerminal(_ cli: CLI, _ environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = "\(CLI.binary.path) --db \(cli.database) summary --days 7"
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.environment = cli.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: script, "util-linux 'script' is needed for a pseudo-terminal"))
    func colourOnlyOnATerminalWithoutNoColor() throws {
        let cli = try CLI()
        try cli.ok(["demo"])
        let coloured = try onTerminal(cli, [:])
        #expect(coloured.contains("\u{1B}["))
        #expect(coloured.contains("Summary of the last 7 days"))
        for value in ["1", ""] {
            let plain = try onTerminal(cli, ["NO_COLOR": value])
            #expect(!plain.contains("\u{1B}"), "NO_COLOR=\(value)")
            #expect(plain.contains("Summary of the last 7 days"))
        }
    }

    @Test func jsonDocument() throws {
        let cli = try CLI()
        try cli.ok(["demo"])
        let text = try cli.ok(["summary", "--days", "14", "--format", "json"])
        let document = try CLI.json(text)
        #expect(
            Array(document.keys).sorted()
                == [
                    "analysis", "assessments", "data_elsewhere", "days", "flare_days", "flare_rule", "items", "outcome",
                    "period",
                    "previous_flare_days",
                    "previous_period", "symptoms", "threshold", "trial",
                ])
        #expect(text.hasPrefix("{\n  \"period\": {"))
        let period = try #require(document["period"] as? [String: Any])
        #expect(period["days"] as? Int == 14)
        #expect(period["to"] as? String == ReportCommandTests.day(0))
        let previous = try #require(document["previous_period"] as? [String: Any])
        #expect(previous["to"] as? String == ReportCommandTests.day(-14))
        let days = try #require(document["days"] as? [[String: Any]])
        #expect(days.count == 14)
        #expect(days.first?["day"] as? String == ReportCommandTests.day(-13))
        #expect(days.last?["score"] is NSNull)  // the demo ends yesterday
        let flareDays = days.filter { $0["flare"] as? Bool == true }.count
        #expect(document["flare_days"] as? Int == flareDays)
        let items = try #require(days.first?["items"] as? [[String: Any]])
        #expect(items.contains { $0["name"] as? String == "stress" && $0["kind"] as? String == "trigger" })
        #expect(!items.contains { $0["kind"] as? String == "symptom" })
        let symptoms = try #require(document["symptoms"] as? [[String: Any]])
        #expect(Set(symptoms.compactMap { $0["name"] as? String }) == ["widespread pain", "fatigue"])
        let analysis = try #require(document["analysis"] as? [String: Any])
        let findings = try #require(analysis["findings"] as? [[String: Any]])
        #expect((1...3).contains(findings.count))
        #expect(findings.allSatisfy { ($0["perm_q"] as? Double ?? 1) < 0.05 && $0["text"] is String })
        #expect(Set(findings.compactMap { $0["trigger"] as? String }).count == findings.count)
        #expect((analysis["caution"] as? String)?.hasPrefix("Correlation is not causation") == true)

        let selected = try CLI.json(try cli.ok(["summary", "--item", "YOGA", "--item", "stress", "--format", "json"]))
        #expect(selected["items"] as? [String] == ["yoga", "stress"])
        for day in try #require(selected["days"] as? [[String: Any]]) {
            let names = (day["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(names).isSubset(of: ["yoga", "stress"]))
        }
        try cli.fails(["summary", "--item", "stres"], status: 65, containing: "stress")
        try cli.fails(["summary", "--days", "0"], status: 64)
    }
}

/// An imported 2020 history under today's default windows: summary and report say where the data is.
@Suite struct WhereTheDataIsTests {
    @Test func summaryAndReportPointToTheEntries() throws {
        let cli = try CLI()
        try cli.ok(["import", ExchangeCLITests.fixture("bearable-watch.csv"), "--from", "bearable"])
        let command = "flarelog report --since 2020-09-01 --until 2020-09-02"
        let summary = try CLI.json(try cli.ok(["summary", "--format", "json"]))
        let elsewhere = try #require(summary["data_elsewhere"] as? [String: Any])
        #expect(elsewhere["from"] as? String == "2020-09-01" && elsewhere["to"] as? String == "2020-09-02")
        #expect((elsewhere["text"] as? String)?.hasSuffix(command) == true)
        let text = try cli.ok(["summary"])
        #expect(text.contains("No entries in these days: your entries run from 2020-09-01 to 2020-09-02"))
        let report = try cli.ok(["report", "--out", cli.path("r.html")])
        #expect(report.contains("No entries in this period: your entries run from 2020-09-01 to 2020-09-02"))
        #expect(report.hasSuffix(command + "\n"))
        #expect(try String(contentsOfFile: cli.path("r.html"), encoding: .utf8).contains("id=\"data-elsewhere\""))
        // The period that holds them needs no hint.
        let shown = try cli.ok([
            "report", "--since", "2020-09-01", "--until", "2020-09-02", "--out", cli.path("s.html"),
        ])
        #expect(!shown.contains("No entries in this period"))
        let inWindow = try CLI.json(try cli.ok(["summary", "--format", "json", "--days", "3650"]))
        #expect(inWindow["data_elsewhere"] is NSNull)
    }
}
