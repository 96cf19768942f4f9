import Foundation
import Testing

/// `flarelog lab`, `lab list`, and the CRP that `assess asdas` takes from a lab result.
@Suite struct LabTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    @Test func recordsAndListsLabResults() throws {
        let output = try cli.ok(["lab", "crp", "4.2", "mg/L", "--at", "2026-03-01 08:15"])
        #expect(output == "recorded lab #1  2026-03-01 08:15  crp 4.2 mg/L\n")
        let esr = try cli.object(["lab", "add", "ESR", "18", "mm/h", "--at", "2026-03-02 09:00"])
        #expect(esr["name"] as? String == "ESR" && esr["value"] as? Double == 18 && esr["unit"] as? String == "mm/h")
        #expect(
            esr["occurred_at"] as? String == "2026-03-02T09:00:00.000Z" && esr["local_day"] as? String == "2026-03-02")
        #expect(esr["id"] as? Int == 2 && (esr["uid"] as? String).flatMap(UUID.init(uuidString:)) != nil)
        let labs = try cli.objects(["lab", "list"])
        #expect(labs.map { $0["name"] as? String } == ["crp", "ESR"])
        #expect(try cli.objects(["lab", "list", "--name", "esr"]).map { $0["id"] as? Int } == [2])
        #expect(try cli.objects(["lab", "list", "--since", "2026-03-02"]).count == 1)
        let csv = CSV.parse(try cli.ok(["lab", "list", "--format", "csv", "--name", "CRP"]))
        #expect(
            csv[0] == [
                "id", "uid", "name", "value", "unit", "occurred_at", "utc_offset_min", "local_time", "local_day",
                "created_at",
            ])
        #expect(csv.count == 2 && csv[1][2] == "crp" && csv[1][3] == "4.2" && csv[1][4] == "mg/L")
        #expect(
            try cli.ok(["lab", "list"]) == "#1  2026-03-01 08:15  crp 4.2 mg/L\n#2  2026-03-02 09:00  ESR 18 mm/h\n")
        let id = ["--id", "3f2b8c4e-1d2a-4e6f-9a7b-0c1d2e3f4a5b"]
        #expect(try cli.ok(["lab", "crp", "3", "mg/L"] + id).hasPrefix("recorded lab #3 "))
        #expect(try cli.ok(["lab", "crp", "3", "mg/L"] + id).hasPrefix("already recorded lab #3 "))
        let empty = try CLI()
        try empty.fails(["lab", "list"], status: 66, containing: "no database at")
        #expect(!FileManager.default.fileExists(atPath: empty.database))
        try empty.ok(["init"])
        #expect(try empty.ok(["lab", "list"]) == "no lab results\n")
    }

    /// Text that is not a number is usage (64), a value that cannot be stored is bad data (65): nothing changes.
    @Test func badValuesAreRefusedWithOneLine() throws {
        try cli.ok(["lab", "crp", "4.2", "mg/L"])
        try cli.refuses(["lab", "crp", "four", "mg/L"], status: 64, containing: "'four' is not a number")
        try cli.refuses(["lab", "crp", "0x1p3", "mg/L"], status: 64, containing: "'0x1p3' is not a number")
        try cli.refuses(["lab", "crp", "nan", "mg/L"], status: 65, containing: "is not a finite number")
        try cli.refuses(["lab", "crp", "4"], status: 64, containing: "Missing expected argument '<unit>'")
        try cli.refuses(["lab", "crp", "4", " "], status: 65, containing: "a lab result needs a unit")
        try cli.refuses(["lab", "crp", "4", "mmol/L"], status: 65, containing: "a CRP is in mg/L (or mg/dL")
        try cli.refuses(["lab", "crp", "1200", "mg/L"], status: 65, containing: "a CRP must be 0-1000 mg/L")
        try cli.refuses(["lab", "crp", "4", "mg/L", "--at", "someday"], status: 64, containing: "someday")
        #expect(try cli.objects(["lab", "list"]).count == 1)
        let fresh = try CLI()
        try fresh.fails(["lab", "crp", "x", "mg/L"], status: 64)
        #expect(!FileManager.default.fileExists(atPath: fresh.database))
    }

    static let asdas = AssessTests.asdas

    /// Without --crp, ASDAS takes the latest CRP of the day or the 14 days before, and says which one.
    @Test func asdasTakesTheLatestLabCRP() throws {
        try cli.ok(["lab", "crp", "9", "mg/L", "--at", "2026-03-01 08:00"])
        try cli.ok(["lab", "crp", "0.5", "mg/dL", "--at", "2026-03-02 08:00"])
        let table = try cli.ok(["assess", "asdas"] + Self.asdas + ["--at", "2026-03-16 09:00"])
        // 0.121·3 + 0.110·2 + 0.073·1 + 0.058·2 + 0.579·ln 6 = 1.8094: the 5 mg/L of 14 days before.
        #expect(table.hasPrefix("assessed #1  2026-03-16 09:00  ASDAS-CRP 1.8 (low), CRP 5 mg/L\n"))
        #expect(table.contains("  CRP from lab #2  2026-03-02 08:00  crp 0.5 mg/dL (5 mg/L)\n"))
        let stored = try cli.object(["assess", "asdas"] + Self.asdas + ["--at", "2026-03-15 09:00"])
        #expect((stored["answers"] as? [String: Any])?["crp"] as? Double == 5)
        #expect(abs((stored["score"] as? Double ?? 0) - (0.772 + 0.579 * log(6.0))) < 1e-12)
        #expect((stored["crp_lab"] as? [String: Any])?["id"] as? Int == 2)
        // --crp wins over a lab result and names none.
        let given = try cli.object(["assess", "asdas"] + Self.asdas + ["--crp", "12", "--at", "2026-03-15 10:00"])
        #expect((given["answers"] as? [String: Any])?["crp"] as? Double == 12 && given["crp_lab"] == nil)
        // 15 days after the last CRP there is none: from a pipe that is a usage error and nothing is stored.
        try cli.refuses(
            ["assess", "asdas"] + Self.asdas + ["--at", "2026-03-17 09:00"], status: 64,
            containing: "no CRP: no 'lab crp' result from 2026-03-03 to 2026-03-17; give --crp MG_L or first record"
                + " one with 'flarelog lab crp VALUE mg/L'; nothing was stored")
        #expect(try cli.objects(["assess", "list"]).count == 3)
        let fresh = try CLI()
        try fresh.fails(["assess", "asdas"] + Self.asdas, status: 64, containing: "--crp")
        #expect(!FileManager.default.fileExists(atPath: fresh.database))
    }

    /// In a terminal, with no lab CRP, the CRP is asked.
    @Test(.enabled(if: ScriptedTerminal.available)) func asdasAsksForTheCRPInATerminal() throws {
        let output = cli.path("asdas.json")
        let screen = try ScriptedTerminal.run(
            cli, ["assess", "asdas", "--format", "json", "--at", "2026-03-16 09:00"] + Self.asdas, output: output,
            typing: ["1200", "8"])
        #expect(screen.status == 0, "\(screen.stdout)")
        #expect(screen.stdout.contains("no 'lab crp' result from 2026-03-02 to 2026-03-16"), "\(screen.stdout)")
        #expect(screen.stdout.contains("CRP must be a number 0-1000; got 1200; try again"), "\(screen.stdout)")
        let stored = try CLI.json(try String(contentsOfFile: output, encoding: .utf8))
        #expect((stored["answers"] as? [String: Any])?["crp"] as? Double == 8 && stored["crp_lab"] == nil)
    }

    /// Lab results survive export and import byte for byte, in both formats; importing again adds none.
    @Test(arguments: ["csv", "json"]) func exportAndImportKeepEveryLabResult(format: String) throws {
        var cli = self.cli
        cli.environment["SOURCE_DATE_EPOCH"] = "1767225600"
        try cli.ok(["lab", "crp", "4.2", "mg/L", "--at", "2026-03-01 08:15"])
        try cli.ok(["lab", "Ferritin", "0.1", "µg/L, \"fasting\"", "--at", "2026-03-02 08:15"])
        let first = cli.path("first.\(format)")
        try cli.ok(["export", "--format", format, "--out", first])
        let copy = cli.path("copy.db")
        let imported = try CLI.json(try cli.ok(["--db", copy, "import", first, "--format", "json"]))
        #expect(imported["labs_created"] as? Int == 2)
        let second = try cli.runRaw(["--db", copy, "export", "--format", format])
        #expect(second.stdout == (try String(contentsOfFile: first, encoding: .utf8)))
        #expect(try cli.runRaw(["--db", copy, "lab", "list"]).stdout == (try cli.ok(["lab", "list"])))
        let again = try CLI.json(try cli.ok(["--db", copy, "import", first, "--format", "json"]))
        #expect(again["labs_created"] as? Int == 0 && again["labs_skipped"] as? Int == 2)
    }
}
