import Foundation
import Testing

/// `flarelog assess INSTRUMENT` with every answer on the command line, `assess list`, bad answers, and the
/// questions asked in a terminal.
@Suite struct AssessTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    static let asdas = ["--back-pain", "3", "--patient-global", "2", "--peripheral", "1", "--stiffness-duration", "2"]
    static let symptoms = [
        "--fatigue", "3", "--unrefreshed", "3", "--cognitive", "2", "--headaches", "1", "--lower-abdomen", "0",
        "--depression", "0",
    ]

    /// (5 + 6 + 3 + 2 + (7 + 4)/2) / 5 = 4.3: active.
    @Test func basdaiIsScoredAndStored() throws {
        let stored = try cli.object(["assess", "basdai", "5", "6", "3", "2", "7", "4", "--at", "2026-03-02 09:00"])
        #expect(stored["instrument"] as? String == "basdai" && stored["version"] as? String == "1994")
        #expect(abs((stored["score"] as? Double ?? 0) - 4.3) < 1e-12 && stored["band"] as? String == "active")
        #expect((stored["answers"] as? [String: Any])?["items"] as? [Double] == [5, 6, 3, 2, 7, 4])
        #expect(stored["local_day"] as? String == "2026-03-02" && stored["criteria_met"] == nil)
        let table = try cli.ok(["assess", "basdai", "1", "1", "1", "1", "1", "1", "--at", "2026-03-09 09:00"])
        #expect(
            table == "assessed #2  2026-03-09 09:00  BASDAI 1 (not active)\n"
                + "  scored as in Garrett et al., J Rheumatol 1994;21:2286-2291\n")
    }

    /// Item 3 left out: function (3 + 4 + 6 + 7 + 2 + 1 + 0 + 9) × 9/8 / 3 = 12, impact 11, symptoms 26.5.
    @Test func fiqrWithAMissingItem() throws {
        let answers = "3 4 - 6 7 2 1 0 9 5 6 7 8 2 3 4 5 6 7 1 10".split(separator: " ").map(String.init)
        let stored = try cli.object(["assess", "fiqr"] + answers)
        #expect(stored["score"] as? Double == 49.5)
        let subscores = try #require(stored["subscores"] as? [String: Double])
        #expect(subscores == ["function": 12, "impact": 11, "symptoms": 26.5] && stored["band"] is NSNull)
        let items = try #require((stored["answers"] as? [String: Any])?["items"] as? [Any])
        #expect(items[2] is NSNull && items.count == 21)
    }

    /// A CRP of 1.2 mg/L counts as 2: 0.121·3 + 0.110·2 + 0.073·1 + 0.058·2 + 0.579·ln 3 = 1.408, low.
    @Test func asdasCountsALowCRPAsTwo() throws {
        let stored = try cli.object(["assess", "asdas"] + Self.asdas + ["--crp", "1.2"])
        #expect(abs((stored["score"] as? Double ?? 0) - 1.4080965151388354) < 1e-12)
        #expect(stored["band"] as? String == "low" && stored["instrument"] as? String == "asdas-crp")
        #expect((stored["subscores"] as? [String: Double])?["crp_used"] == 2)
        #expect((stored["answers"] as? [String: Any])?["crp"] as? Double == 1.2)
        #expect(try cli.ok(["assess", "list"]).contains("ASDAS-CRP 1.4 (low), CRP 1.2 mg/L counted as 2"))
    }

    /// --regions logged takes the week's symptom regions: 4 regions in 4 areas with SSS 9 meet the criteria.
    @Test func acr2016FromLoggedRegions() throws {
        try cli.log(
            ["symptom", "widespread pain", "6", "--region", "neck", "--region", "left-hip"], at: "2026-03-01 09:00")
        try cli.log(
            ["symptom", "fatigue", "4", "--region", "right-hip", "--region", "left-upper-arm"], at: "2026-03-05 09:00")
        try cli.log(["symptom", "fatigue", "4", "--region", "chest"], at: "2026-02-20 09:00")  // older than 7 days
        let stored = try cli.object(
            ["assess", "acr2016", "--regions", "logged", "--three-months", "yes", "--at", "2026-03-06 10:00"]
                + Self.symptoms)
        #expect(
            (stored["answers"] as? [String: Any])?["regions"] as? [String]
                == ["left-upper-arm", "left-hip", "right-hip", "neck"])
        #expect(stored["wpi"] as? Int == 4 && stored["sss"] as? Int == 9 && stored["psd"] as? Int == 13)
        #expect(stored["score"] as? Int == 13 && stored["band"] as? String == "severe")
        #expect(stored["generalized_pain"] as? Bool == true && stored["criteria_met"] as? Bool == true)
        let table = try cli.ok(
            ["assess", "acr2016", "--regions", "left-jaw,chest,abdomen,neck,right-jaw", "--three-months", "yes"]
                + Self.symptoms)
        #expect(table.contains("WPI 5, SSS 9, no generalized pain, criteria not met"))
        #expect(table.contains("classification rule, not a diagnosis"))
        #expect(table.contains("Wolfe et al., Semin Arthritis Rheum 2016;46:319-329"))
    }

    @Test func listFiltersAndPrintsCSV() throws {
        try cli.ok(["assess", "basdai", "5", "6", "3", "2", "7", "4", "--at", "2026-03-02 09:00"])
        try cli.ok(["assess", "asdas"] + Self.asdas + ["--crp", "8", "--at", "2026-03-03 09:00"])
        #expect(try cli.objects(["assess", "list"]).map { $0["instrument"] as? String } == ["basdai", "asdas-crp"])
        #expect(try cli.objects(["assess", "list", "--instrument", "asdas-crp"]).count == 1)
        #expect(try cli.objects(["assess", "list", "--since", "2026-03-03"]).count == 1)
        let csv = CSV.parse(try cli.ok(["assess", "list", "--format", "csv", "--instrument", "basdai"]))
        #expect(csv[0].prefix(3) == ["id", "uid", "instrument"] && csv[1][2] == "basdai" && csv[1][8] == "4.3")
        #expect(csv[1].last == "{\"items\":[5,6,3,2,7,4]}")
        let empty = try CLI()
        try empty.ok(["init"])
        #expect(try empty.ok(["assess", "list"]) == "no assessments\n")
    }

    /// Assessments survive export and import byte for byte, in both formats; importing again adds none.
    @Test(arguments: ["csv", "json"]) func exportAndImportKeepEveryAssessment(format: String) throws {
        var cli = self.cli
        cli.environment["SOURCE_DATE_EPOCH"] = "1767225600"  // the JSON's exported_at
        try cli.ok(["assess", "basdai", "5", "6.5", "3", "2", "7", "4", "--at", "2026-03-02 09:00"])
        try cli.ok(["assess", "asdas"] + Self.asdas + ["--crp", "1.25", "--at", "2026-03-03 09:00"])
        let fiqr = ["3", "-", "5", "6", "7", "2", "1", "0", "9", "5", "6", "7", "8", "2", "3", "4", "5", "6", "7", "1"]
        try cli.ok(["assess", "fiqr"] + fiqr + ["10", "--at", "2026-03-04 09:00"])
        try cli.ok(
            ["assess", "acr2016", "--regions", "neck,left-jaw", "--three-months", "no", "--at", "2026-03-05 09:00"]
                + Self.symptoms)
        let first = cli.path("first.\(format)")
        try cli.ok(["export", "--format", format, "--out", first])
        let copy = cli.path("copy.db")
        let imported = try CLI.json(try cli.ok(["--db", copy, "import", first, "--format", "json"]))
        #expect(imported["assessments_created"] as? Int == 4)
        let second = try cli.runRaw(["--db", copy, "export", "--format", format])
        #expect(second.stdout == (try String(contentsOfFile: first, encoding: .utf8)))
        #expect(try cli.runRaw(["--db", copy, "assess", "list"]).stdout == (try cli.ok(["assess", "list"])))
        let again = try CLI.json(try cli.ok(["--db", copy, "import", first, "--format", "json"]))
        #expect(again["assessments_created"] as? Int == 0 && again["assessments_skipped"] as? Int == 4)
    }

    @Test func theSameIdStoresOnce() throws {
        let id = ["--id", "3f2b8c4e-1d2a-4e6f-9a7b-0c1d2e3f4a5b"]
        #expect(try cli.ok(["assess", "basdai", "1", "2", "3", "4", "5", "6"] + id).hasPrefix("assessed #1 "))
        #expect(try cli.ok(["assess", "basdai", "1", "2", "3", "4", "5", "6"] + id).hasPrefix("already assessed #1 "))
    }

    /// Out of range is bad data (65), not a number or a wrong count is usage (64); the file stays as it was.
    @Test func badAnswersAreRefusedWithOneLine() throws {
        try cli.refuses(
            ["assess", "basdai", "5", "6", "3", "2", "7", "11"], status: 65,
            containing:
                "BASDAI morning stiffness duration must be a number 0-10; got 11")
        try cli.refuses(
            ["assess", "basdai", "5", "6", "x", "2", "7", "1"], status: 64, containing: "'x' is not a number")
        try cli.refuses(
            ["assess", "basdai", "5", "6"], status: 64, containing: "BASDAI takes 6 answers (Q1 to Q6); got 2")
        try cli.refuses(["assess", "fiqr", "1"], status: 64, containing: "FIQR takes 21 answers")
        let noImpact = ["1", "1", "1", "1", "1", "1", "1", "1", "1", "-", "-"] + Array(repeating: "1", count: 10)
        try cli.refuses(["assess", "fiqr"] + noImpact, status: 65, containing: "impact domain (items 10...11)")
        try cli.refuses(["assess", "asdas"] + Self.asdas + ["--crp", "-1"], status: 64, containing: "crp")
        try cli.refuses(
            ["assess", "acr2016", "--regions", "knee", "--three-months", "no"] + Self.symptoms, status: 65,
            containing: "'knee' is not one of the 19 ACR 2016 regions")
        try cli.refuses(
            ["assess", "acr2016", "--regions", "neck", "--three-months", "no", "--fatigue", "4"]
                + Self.symptoms.dropFirst(2),
            status: 65, containing: "fatigue must be a whole number 0-3; got 4")
        #expect(try cli.counts()["entries"] == 0)
        #expect(try cli.objects(["assess", "list"]).isEmpty)
    }

    /// Without a terminal, answers left out are an error at once: a pipe never waits, and no file is created.
    @Test func missingAnswersFromAPipeFailAtOnce() throws {
        let fresh = try CLI()
        for (arguments, missing) in [
            (["assess", "basdai"], "the 6 BASDAI answers are not given"),
            (["assess", "fiqr"], "the 21 FIQR answers are not given"),
            (
                ["assess", "asdas", "--back-pain", "3"],
                "--patient-global, --peripheral, --stiffness-duration are"
            ),
            (["assess", "acr2016", "--regions", "neck"] + Self.symptoms, "--three-months is not given"),
        ] {
            let result = try fresh.run(arguments, stdin: "1\n2\n3\n4\n5\n6\n")
            #expect(result.status == 64 && result.stderr.contains(missing), "\(result.stderr)")
            #expect(result.stderr.contains("run it in a terminal to be asked; nothing was stored"))
        }
        #expect(!FileManager.default.fileExists(atPath: fresh.database))
    }

    /// In a terminal the questions are asked one by one, and an answer out of range is asked again.
    @Test(.enabled(if: ScriptedTerminal.available)) func questionsInATerminal() throws {
        let output = cli.path("basdai.json")
        let screen = try ScriptedTerminal.run(
            cli, ["assess", "basdai", "--format", "json"], output: output, typing: ["5", "6", "3", "2", "7", "12", "4"])
        #expect(screen.status == 0, "\(screen.stdout)")
        for prompt in [
            "BASDAI fatigue (0-10; 0 none ... 10 very severe): ", "BASDAI spinal pain (0-10",
            "BASDAI morning stiffness duration must be a number 0-10; got 12; try again",
        ] {
            #expect(screen.stdout.contains(prompt), "\(screen.stdout)")
        }
        let stored = try CLI.json(try String(contentsOfFile: output, encoding: .utf8))
        #expect(abs((stored["score"] as? Double ?? 0) - 4.3) < 1e-12)
        // Input that ends before the last answer stores nothing.
        let cut = try ScriptedTerminal.run(cli, ["assess", "basdai"], output: cli.path("cut.txt"), typing: ["5", "6"])
        #expect(cut.status == 64 && cut.stdout.contains("the questions were not all answered; nothing was stored"))
        #expect(try cli.objects(["assess", "list"]).count == 1)
    }
}

/// A flarelog command in a pseudo-terminal (util-linux `script`), for the questions only a terminal is asked.
enum ScriptedTerminal {
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// Runs `flarelog --db … arguments… > output` with `typing` as the lines typed (ahead, as a person may),
    /// then the end of input; returns what the terminal showed (prompts, echoed answers, errors).
    static func run(_ cli: CLI, _ arguments: [String], output: String, typing: [String]) throws -> CLI.Result {
        let command = ([CLI.binary.path, "--db", cli.database] + arguments).map { "'\($0)'" }.joined(separator: " ")
        // script ends with the command (-e: its status), so nothing outlives the test.
        return try cli.runProgram(
            "/usr/bin/script", ["-q", "-e", "-c", "\(command) > '\(output)'", "/dev/null"],
            stdin: typing.map { $0 + "\n" }.joined() + "\u{4}")
    }
}
