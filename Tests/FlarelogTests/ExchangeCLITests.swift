import Foundation
import Testing
import TestSupport

@Suite struct ExchangeCLITests {
    /// The fixtures live in FlareKitTests (which declares them as resources); read them from the source tree.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FlareKitTests/Fixtures/import/\(name)").path
    }

    /// export → import into an empty database → export gives the same bytes.
    static func expectByteIdenticalRoundTrip(_ cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let first = cli.path("first.csv")
        try cli.ok(["export", "--out", first], sourceLocation: sourceLocation)
        let copy = cli.path("copy.db")
        #expect(try cli.runRaw(["--db", copy, "import", first]).status == 0, sourceLocation: sourceLocation)
        let second = try cli.runRaw(["--db", copy, "export"])
        #expect(second.stdout == (try String(contentsOfFile: first, encoding: .utf8)), sourceLocation: sourceLocation)
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
        #expect((report["entries_created"] as? [String: Int])?.values.reduce(0, +) == 26)
        #expect(report["notes_created"] as? Int == 2)
        let second = try cli.runRaw(["--db", copy, "export", "--format", format])
        #expect(second.status == 0)
        #expect(second.stdout == (try String(contentsOfFile: first, encoding: .utf8)))
        let again = try CLI.json(try cli.runRaw(["--db", copy, "import", first, "--format", "json"]).stdout)
        #expect((again["entries_created"] as? [String: Int])?.values.reduce(0, +) == 0)
        #expect((again["entries_skipped"] as? [String: Int])?.values.reduce(0, +) == 26)
    }

    /// A Bearable file as the app writes it (BOM, CRLF, the newer header, a watch's sleep row with only a note,
    /// a Gratitude and a Notes row, severities by word): no row is lost or skipped, text becomes notes, a new
    /// symptom that spells a built-in trigger is named, and the round trip stays byte-identical.
    @Test func aForeignFileLosesNoRowAndRoundTrips() throws {
        var cli = try CLI(timeZone: "Europe/Berlin")
        cli.environment["SOURCE_DATE_EPOCH"] = "1767225600"
        let report = try CLI.json(
            try cli.ok(["import", Self.fixture("bearable-watch.csv"), "--from", "bearable", "--format", "json"]))
        #expect(report["rows"] as? Int == 8)
        #expect(report["entries"] as? Int == 6 && report["notes"] as? Int == 3 && report["skipped"] as? Int == 0)
        #expect((report["rows_kept_as_notes"] as? [Any])?.isEmpty == true)
        let alike = try #require((report["look_alikes"] as? [[String: Any]])?.first)
        #expect(alike["kind"] as? String == "symptom" && alike["name"] as? String == "Stress")
        #expect(alike["other_kind"] as? String == "trigger" && alike["other_name"] as? String == "stress")
        #expect(alike["suggestion"] as? String == "flarelog items rename symptom 'Stress' 'Stress (symptom)'")
        let notes = try cli.objects(["list", "--kind", "note"]).compactMap { $0["note"] as? String }
        #expect(
            notes == ["Notes — Long day, \"rough\" start", "Gratitude — Sunny morning", "Sleep — Synced from watch"])
        #expect(try cli.objects(["search", "watch"]).first?["source"] as? String == "bearable-watch.csv:4")
        let table = try cli.ok(["import", Self.fixture("bearable-watch.csv"), "--from", "bearable"])
        #expect(table.contains("bearable-watch.csv: 8 rows read, 6 entries, 3 notes, 0 skipped"))
        // No item was invented to hold text.
        #expect(try cli.objects(["items"]).allSatisfy { $0["name"] as? String != "imported note" })
        try Self.expectByteIdenticalRoundTrip(cli)
    }

    /// Daylio as it exports (BOM, CRLF, 24-hour and am/pm times, a note over two lines): the mood is a
    /// better-when-higher rating 1–5, activities yes/no triggers, the two note columns the mood's note.
    @Test func daylioMoodsActivitiesAndNotes() throws {
        var cli = try CLI()
        cli.environment["SOURCE_DATE_EPOCH"] = "1767225600"
        let report = try CLI.json(
            try cli.ok(["import", Self.fixture("daylio.csv"), "--from", "daylio", "--format", "json"]))
        #expect(report["rows"] as? Int == 5)
        #expect(report["entries"] as? Int == 10 && report["notes"] as? Int == 0 && report["skipped"] as? Int == 0)
        let moods = try cli.objects(["list", "--item", "daylio mood"])
        #expect(moods.compactMap { $0["value"] as? Double } == [5, 3, 1, 4, 2])
        #expect(
            moods.compactMap { ($0["local_time"] as? String).map { String($0.prefix(16)) } } == [
                "2021-03-05T22:15", "2021-03-05T08:05", "2021-03-04T22:00", "2021-03-03T12:30", "2021-03-02T07:45",
            ])
        #expect(moods[0]["note"] as? String == "Lovely evening, \"finally\"")
        #expect(moods[2]["note"] as? String == "Flare — Back pain\r\nall day")
        let item = try #require(try cli.objects(["items"]).first { $0["name"] as? String == "daylio mood" })
        #expect(item["direction"] as? String == "better-when-higher")
        #expect(item["min"] as? Double == 1 && item["max"] as? Double == 5)
        #expect(try cli.objects(["list", "--item", "coffee", "--kind", "trigger"]).count == 2)
        let again = try CLI.json(
            try cli.ok(["import", Self.fixture("daylio.csv"), "--from", "daylio", "--format", "json"]))
        #expect((again["entries_created"] as? [String: Int])?.values.reduce(0, +) == 0)
        try Self.expectByteIdenticalRoundTrip(cli)
    }

    @Test func daylioRenamedLabelsMapByPositionAndUnknownOnesAreNamed() throws {
        let cli = try CLI()
        let file = Self.fixture("daylio-renamed.csv")
        let message = try cli.fails(["import", file, "--from", "daylio"], status: 65, containing: "mood labels")
        #expect(message.contains("the labels seen are 'Great', 'Not so good', 'Awful'"))
        #expect(message.contains("--mood-labels"))
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        try cli.ok(["import", file, "--from", "daylio", "--mood-labels", "Great, Good, Medium, Not so good, Awful"])
        let moods = try cli.objects(["list", "--item", "daylio mood"])
        #expect(moods.compactMap { $0["value"] as? Double } == [5, 1, 2])
        try cli.fails(
            ["import", file, "--from", "daylio", "--mood-labels", "Great,Good"], status: 64, containing: "five")
        try cli.fails(
            ["import", file, "--from", "bearable", "--mood-labels", "a,b,c,d,e"], status: 64,
            containing: "--from daylio")
    }

    /// Visible's long format (BOM, CRLF, trailing spaces, a date with a time): symptoms stay 0–3 (on an item
    /// of their own where the catalog's reads 0–10), scores are better when higher, a crash is a flare day.
    @Test func visibleTrackersScoresAndCrashes() throws {
        var cli = try CLI()
        cli.environment["SOURCE_DATE_EPOCH"] = "1767225600"
        let report = try CLI.json(
            try cli.ok(["import", Self.fixture("visible.csv"), "--from", "visible", "--format", "json"]))
        #expect(report["rows"] as? Int == 13 && report["rows_without_value"] as? Int == 1)
        #expect(report["entries"] as? Int == 9 && report["notes"] as? Int == 1 && report["skipped"] as? Int == 0)
        #expect(report["flares_created"] as? Int == 1)
        let items = try cli.objects(["items"])
        func item(_ name: String) -> [String: Any]? { items.first { $0["name"] as? String == name } }
        #expect(item("Fatigue (Visible)")?["max"] as? Double == 3)
        #expect(item("fatigue")?["max"] as? Double == 10)
        #expect(item("Stability Score")?["direction"] as? String == "better-when-higher")
        #expect(item("HRV")?["unit"] as? String == "ms" && item("HRV")?["kind"] as? String == "trigger")
        #expect(item("Physical Exertion")?["kind"] as? String == "trigger")
        let flares = try cli.objects(["flare", "list"])
        #expect(flares.count == 1 && flares.first?["start_day"] as? String == "2023-05-02")
        #expect(
            try cli.objects(["list", "--kind", "note"]).first?["note"] as? String
                == "Note: Overdid it at the shop, again")
        try Self.expectByteIdenticalRoundTrip(cli)
    }

    /// Flaredown doses with a unit are amounts; weather keeps its units; text is a note, an empty value none.
    @Test func flaredownDosesAndWeatherUnits() throws {
        let cli = try CLI()
        let report = try CLI.json(
            try cli.ok([
                "import", Self.fixture("flaredown-doses.csv"), "--from", "flaredown-long", "--format", "json",
            ]))
        #expect(report["rows"] as? Int == 9 && report["rows_without_value"] as? Int == 1)
        #expect(report["entries"] as? Int == 6 && report["notes"] as? Int == 2 && report["skipped"] as? Int == 0)
        let doses = try cli.objects(["list", "--item", "Prednisone"])
        #expect(doses.compactMap { $0["value"] as? Double } == [0, 10, 8])
        #expect(doses.allSatisfy { $0["unit"] as? String == "mg" })
        #expect(try cli.objects(["list", "--item", "Physio"]).first?["value_type"] as? String == "boolean")
        let items = try cli.objects(["items", "--kind", "trigger"])
        #expect(items.first { $0["name"] as? String == "weather temperature max" }?["unit"] as? String == "°F")
        #expect(items.first { $0["name"] as? String == "weather precip intensity" }?["unit"] as? String == "in/h")
        let notes = try cli.objects(["list", "--kind", "note"]).compactMap { $0["note"] as? String }
        #expect(Set(notes) == ["Prednisone: Taken", "weather icon: partly-cloudy-day"])
    }

    /// Bearable's factor lists of every kind are split into yes/no triggers; a near spelling is named, a name
    /// that only contains another is not.
    @Test func bearableFactorListsAndNearSpellings() throws {
        let cli = try CLI()
        let report = try CLI.json(
            try cli.ok(["import", Self.fixture("bearable-factors.csv"), "--from", "bearable", "--format", "json"]))
        #expect(report["rows"] as? Int == 5)
        #expect(report["entries"] as? Int == 6 && report["notes"] as? Int == 1 && report["skipped"] as? Int == 0)
        let triggers = Set(try cli.objects(["list", "--kind", "trigger"]).compactMap { $0["item"] as? String })
        #expect(triggers == ["Dairy", "Gluten", "Caffeine", "Trouble falling asleep", "Anxious"])
        let alikes = try #require(report["look_alikes"] as? [[String: Any]])
        #expect(alikes.map { "\($0["name"] ?? "")~\($0["other_name"] ?? "")" } == ["Headaches~headache"])
        #expect(
            try cli.objects(["list", "--kind", "note"]).first?["note"] as? String == "Food Diary — Porridge, then pasta"
        )
    }

    @Test func strictRefusesAForeignFileWithABadRowAndTheDefaultKeepsIt() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        let before = try sha256sum(cli.database)
        let file = Self.fixture("bearable-bad.csv")
        let strict = try cli.run(["import", file, "--from", "bearable", "--strict"])
        #expect(strict.status == 65)
        #expect(strict.stderr.hasSuffix("flarelog: error: 3 bad rows in \(file); nothing was imported\n"))
        #expect(try sha256sum(cli.database) == before)
        let output = try cli.ok(["import", file, "--from", "bearable"])
        #expect(output.contains("bearable-bad.csv: 5 rows read, 2 entries, 2 notes, 1 skipped"))
        #expect(output.contains("skipped: line 3, column date formatted: '2021-02-31' is not a date"))
        #expect(output.contains("kept as a note: line 4, column time of day: 'noonish' is not pre, am"))
    }

    @Test func badRowsAreListedAndNothingIsImported() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        let before = try sha256sum(cli.database)
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
        #expect(try sha256sum(cli.database) == before)
    }

    /// `log` refuses hexadecimal; `import` read "0x1p3" as 8 until both used the one number reader.
    @Test func importReadsNumbersAsLogDoes() throws {
        let cli = try CLI()
        try cli.ok(["log", "symptom", "fatigue", "3", "--at", "2026-11-01T09:00"])
        let file = cli.path("exported.csv")
        try cli.ok(["export", "--out", file])
        let exported = try String(contentsOfFile: file, encoding: .utf8)
        let hexadecimal = exported.replacingOccurrences(of: ",3,", with: ",0x1p3,")
        #expect(hexadecimal != exported)
        try hexadecimal.write(toFile: file, atomically: true, encoding: .utf8)
        let fresh = try CLI()
        let result = try fresh.run(["import", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("'0x1p3' is not a number"))
        try fresh.fails(["log", "symptom", "fatigue", "0x1p3"], status: 64, containing: "'0x1p3' is not a number")
    }

    @Test func dryRunCreatesNoDatabase() throws {
        let cli = try CLI()
        let output = try cli.ok(["import", Self.fixture("bearable.csv"), "--from", "bearable", "--dry-run"])
        #expect(output.hasPrefix("dry run: nothing was written\n"))
        #expect(output.contains("symptom entries       6"))
        #expect(output.contains("bearable.csv: 13 rows read, 12 entries, 2 notes, 0 skipped"))
        #expect(!output.contains("imported note"))
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
