import Foundation
import Testing

@Suite struct ExchangeCLITests {
    /// The fixtures live in FlareKitTests (which declares them as resources); read them from the source tree.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FlareKitTests/Fixtures/import/\(name)").path
    }

    @Test(arguments: ["csv", "json"])
    func exportImportExportIsByteIdentical(format: String) throws {
        var cli = try CLI(timeZone: "America/New_York")
        cli.environment["SOURCE_DATE_EPOCH"] = "1767225600"
        try cli.ok(["import", Self.fixture("bearable.csv"), "--from", "bearable"])
        try cli.ok(["import", Self.fixture("flaredown.csv"), "--from", "flaredown"])
        let first = cli.path("first.\(format)")
        try cli.ok(["export", "--format", format, "--out", first])
        let mode = try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let copy = cli.path("copy.db")
        let imported = try cli.runRaw(["--db", copy, "import", first, "--format", "json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try CLI.json(imported.stdout)
        #expect((report["entries_created"] as? [String: Int])?.values.reduce(0, +) == 28)
        let second = try cli.runRaw(["--db", copy, "export", "--format", format])
        #expect(second.status == 0)
        #expect(second.stdout == (try String(contentsOfFile: first, encoding: .utf8)))
        let again = try CLI.json(try cli.runRaw(["--db", copy, "import", first, "--format", "json"]).stdout)
        #expect((again["entries_created"] as? [String: Int])?.values.reduce(0, +) == 0)
        #expect((again["entries_skipped"] as? [String: Int])?.values.reduce(0, +) == 28)
    }

    @Test func badRowsAreListedAndNothingIsImported() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        let before = try CLI.sha256(cli.database)
        let file = Self.fixture("flarelog-bad.csv")
        let result = try cli.run(["import", file])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "\(file):7: column local_day: '2026-13-03' is not a date YYYY-MM-DD",
                "\(file):8: column value: 12 is out of range for fatigue; use 0 to 10",
                "\(file):9: column name: no symptom named 'knee pain' in the file or the database",
                "flarelog: error: 3 bad rows in \(file); nothing was imported",
            ])
        #expect(result.stdout.isEmpty)
        #expect(try CLI.sha256(cli.database) == before)
    }

    @Test func dryRunCreatesNoDatabase() throws {
        let cli = try CLI()
        let output = try cli.ok(["import", Self.fixture("bearable.csv"), "--from", "bearable", "--dry-run"])
        #expect(output.hasPrefix("dry run: nothing was written\n"))
        #expect(output.contains("symptom entries       6"))
        #expect(output.contains("new trigger: imported note (boolean)"))
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        #expect(!FileManager.default.fileExists(atPath: (cli.database as NSString).deletingLastPathComponent))
    }

    @Test func flaredownLongWithSeveralUsersNeedsUser() throws {
        let cli = try CLI()
        let file = Self.fixture("flaredown-long.csv")
        try cli.fails(["import", file, "--from", "flaredown-long"], status: 65, containing: "holds 4 users")
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        let output = try cli.ok([
            "import", file, "--from", "flaredown-long", "--user", "QEVuQwEA+WkNxtp/qkHvN2YmTBBDqg==",
        ])
        #expect(output.contains("symptom entries       1"))
    }

    @Test func usageAndMissingFiles() throws {
        let cli = try CLI()
        try cli.fails(["import", "x.csv", "--from", "myapp"], status: 64)
        try cli.fails(["import", cli.path("nothing.csv")], status: 66, containing: "cannot read")
        try cli.fails(["import", Self.fixture("bearable.csv"), "--format", "csv"], status: 64)
        try cli.ok(["init"])
        try cli.fails(["export", "--since", "2026-02-30"], status: 64)
        try cli.fails(["export", "--since", "2026-02-03", "--until", "2026-02-01"], status: 64, containing: "after")
        // The wrong --from: the header does not fit, one problem, nothing imported.
        let result = try cli.run(["import", Self.fixture("bearable.csv")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("not a flarelog export"))
    }

    @Test func exportFiltersByDayWithAnyAtForm() throws {
        let cli = try CLI(timeZone: "Europe/Berlin")
        try cli.ok(["import", Self.fixture("flaredown.csv"), "--from", "flaredown"])
        let csv = try cli.ok(["export", "--since", "2017-04-02", "--until", "2017-04-02"])
        let entries = csv.split(separator: "\n").filter { $0.hasPrefix("entry,") }
        #expect(entries.count == 5)
        let json = try CLI.json(try cli.ok(["export", "--format", "json", "--until", "2017-04-01"]))
        #expect((json["entries"] as? [Any])?.count == 9)
        #expect(json["format"] as? String == "flarelog-export")
        #expect(json["version"] as? Int == 1)
        #expect((json["settings"] as? [String: Any]) != nil)
    }
}
