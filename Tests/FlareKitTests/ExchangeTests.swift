import Foundation
import SQLite
import Testing
import TestSupport

@testable import FlareKit

/// The import fixtures, copied into the test bundle.
enum ImportFixture {
    static func path(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/import/\(name)", withExtension: nil))
        return url.path
    }
}

@Suite struct CSVReaderTests {
    private func records(_ text: String) throws -> [[String]] {
        var result: [[String]] = []
        try Array(text.utf8).withUnsafeBytes { bytes in
            var reader = CSVReader(bytes: bytes)
            var fields: [CSVReader.Field] = []
            while try reader.next(into: &fields) { result.append(fields.map { reader.string($0) }) }
        }
        return result
    }

    @Test func readsWhatSpreadsheetsWrite() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,,\"two\r\nlines\"\n3,\"\",last"
        #expect(
            try records(text) == [
                ["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "", "two\r\nlines"], ["3", "", "last"],
            ])
    }

    @Test func emptyFieldsAndTrailingCommas() throws {
        #expect(try records("a,,\n,\n") == [["a", "", ""], ["", ""]])
        #expect(try records("a,b,") == [["a", "b", ""]])
        #expect(try records("only\rcr\r") == [["only"], ["cr"]])
    }

    @Test func countsLinesInsideQuotedFields() throws {
        try Array("h\n\"a\nb\nc\"\nnext\n".utf8).withUnsafeBytes { bytes in
            var reader = CSVReader(bytes: bytes)
            var fields: [CSVReader.Field] = []
            var lines: [Int] = []
            while try reader.next(into: &fields) { lines.append(reader.recordLine) }
            #expect(lines == [1, 2, 5])
        }
    }

    @Test func unclosedQuoteAndTextAfterAQuoteAreErrors() throws {
        let unclosed = try #require(throws: CSVReader.SyntaxError.self) { try records("a\n\"open,\n") }
        #expect(unclosed.line == 2)
        let trailing = try #require(throws: CSVReader.SyntaxError.self) { try records("a,b\n1,\"x\"y\n") }
        #expect(trailing.line == 2 && trailing.field == 2)
    }
}

@Suite struct StableUIDTests {
    @Test func sha1MatchesTheStandardVectors() {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA1.digest(long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func uidsAreVersion5AndDependOnEveryPart() {
        let uid = StableUID.make(["bearable", "", "2021-12-08", "mid"])
        #expect(uid.count == 36)
        #expect(Array(uid)[14] == "5")
        #expect("89ab".contains(Array(uid)[19]))
        #expect(uid == StableUID.make(["bearable", "", "2021-12-08", "mid"]))
        #expect(uid != StableUID.make(["bearable", "", "2021-12-08", "am"]))
        #expect(StableUID.make(["a", "bc"]) != StableUID.make(["ab", "c"]))
    }
}

/// A database in a fresh folder, with helpers to fill it and to read it back.
struct ExchangeFixture {
    let folder: TemporaryDirectory
    let database: Database
    static let zone = try! Zone(tz: "Europe/Berlin")

    /// The empty cells that end a hand-written CSV row whose last filled column is `column`, so the rows keep
    /// the header's width as columns are added.
    static func emptyCells(after column: ExchangeColumn) -> String {
        String(repeating: ",", count: ExchangeColumn.allCases.count - 1 - column.position)
    }

    init() throws {
        folder = try TemporaryDirectory()
        database = try Database(path: folder.path("source.db"), access: .write)
    }

    func path(_ name: String) -> String { folder.path(name) }

    /// Items, entries (with regions, notes with commas, quotes and newlines, a deleted one), flares, a setting.
    func fill() throws {
        let now = "2026-01-01T00:00:00.000Z"
        try database.addItem(
            NewItem(kind: .symptom, name: "jaw, clicking", valueType: .scale, min: 0, max: 10), now: now)
        try database.addItem(
            NewItem(kind: .intervention, name: "ice pack", valueType: .quantity, unit: "minutes", min: 0), now: now)
        try database.archiveItem(.intervention, named: "ice pack", now: "2026-02-01T00:00:00.000Z")
        try database.setSetting(.dayStart, to: "04:00")
        func time(_ at: String, day: String) -> EntryTime {
            EntryTime(occurredAt: at, utcOffsetMinutes: 60, localDay: LocalDay(day)!)
        }
        let fatigue = try database.item(.symptom, named: "fatigue")
        let jaw = try database.item(.symptom, named: "jaw, clicking")
        let ice = try database.item(.intervention, named: "ice pack")
        _ = try database.log(
            NewEntry(
                uid: "u-1", value: 6.5, time: time("2026-01-03T08:30:00.000Z", day: "2026-01-03"),
                note: "after \"work\", tired\nand sore", regions: ["Left Hip", "neck", "my; knee\\"]), of: fatigue,
            now: now)
        _ = try database.log(
            NewEntry(uid: "u-2", value: 0.1, time: time("2026-01-04T08:30:00.000Z", day: "2026-01-04")), of: jaw,
            now: now)
        _ = try database.log(
            NewEntry(uid: "u-3", value: 20, time: time("2026-01-05T08:30:00.000Z", day: "2026-01-05")), of: ice,
            now: now)
        _ = try database.log(
            NewEntry(uid: "u-4", value: 3, time: time("2026-01-06T08:30:00.000Z", day: "2026-01-06")), of: fatigue,
            now: now)
        _ = try database.setDeleted(["u-4"], deleted: true, now: "2026-01-07T00:00:00.000Z")
        _ = try database.startFlare(
            at: time("2026-01-02T08:00:00.000Z", day: "2026-01-02"), uid: "f-1", note: "first", now: now)
        _ = try database.endFlare(at: time("2026-01-04T20:00:00.000Z", day: "2026-01-04"))
        _ = try database.startFlare(
            at: time("2026-01-06T08:00:00.000Z", day: "2026-01-06"), uid: "f-2", note: nil, now: now)
        // Trials: one stopped against another intervention, one running with the largest seed (63 bits).
        _ = try database.planTrial(
            TrialRequest(
                intervention: "yoga", comparison: "ice pack", outcome: "jaw, clicking", periodDays: 3,
                washoutDays: 1, blocks: 2, seed: 5, start: LocalDay("2026-01-01")!), uid: "t-1", now: now)
        _ = try database.stopTrial(today: LocalDay("2026-01-05")!, now: "2026-01-05T09:00:00.000Z")
        _ = try database.planTrial(
            TrialRequest(
                intervention: "yoga", comparison: nil, outcome: "fatigue", periodDays: 7, washoutDays: 2, blocks: 6,
                seed: UInt64(Int64.max), start: LocalDay("2026-01-06")!), uid: "t-2", now: now)
        try addAssessments(time("2026-01-05T09:00:00.000Z", day: "2026-01-05"), now: now)
        // Lab results: a CRP in mg/dL, and a unit that CSV must quote.
        try database.addLabResult(
            try NewLabResult(name: "CRP", value: 0.17, unit: "mg/dL"), uid: "l-1",
            time: time("2026-01-04T07:00:00.000Z", day: "2026-01-04"), now: now)
        try database.addLabResult(
            try NewLabResult(name: "ferritin", value: 1e-3, unit: "µg/L, \"fasting\""), uid: "l-2",
            time: time("2026-01-06T07:00:00.000Z", day: "2026-01-06"), now: now)
    }

    /// One assessment of each instrument: regions, a FIQR item left out, decimals, a CRP below 2.
    func addAssessments(_ time: EntryTime, now: String) throws {
        let fiqr: [Double?] = [3, nil, 5, 6, 7, 2, 1, 0, 9, 5, 6, 7, 8, 2, 3, 4, 5, 6, 7, 1, 10]
        let all: [AssessmentAnswers] = [
            .acr2016(
                try ACR2016Answers(
                    regions: ["neck", "left-hip", "right-hip", "left-upper-arm"], fatigue: 3, unrefreshed: 3,
                    cognitive: 2, headaches: 1, lowerAbdomen: 0, depression: 0, threeMonths: true)),
            .fiqr(try FIQRAnswers(fiqr)),
            .basdai(try BASDAIAnswers([2.5, 7, 1, 0, 6.1, 3])),
            .asdasCRP(
                try ASDASAnswers(backPain: 3.3, patientGlobal: 2, peripheral: 1, stiffnessDuration: 2, crp: 1.7)),
        ]
        for (index, answers) in all.enumerated() {
            try database.addAssessment(answers, uid: "a-\(index)", time: time, now: now)
        }
    }

    func export(_ database: Database, _ format: ExchangeFormat, to name: String, includeDeleted: Bool = true) throws
        -> String
    {
        let file = path(name)
        try database.export(
            ExportOptions(format: format, includeDeleted: includeDeleted, exportedAt: "2026-03-01T00:00:00.000Z"),
            toFile: file)
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    func importFile(
        _ file: String, into name: String, from source: ImportSource, user: String? = nil, dryRun: Bool = false,
        strict: Bool = false
    ) throws -> ImportReport {
        try Importer.importFile(
            file, databasePath: path(name),
            options: ImportOptions(
                source: source, user: user, dryRun: dryRun, strict: strict, timeZone: Self.zone,
                now: "2026-03-01T00:00:00.000Z"))
    }

    static func count(_ path: String, _ sql: String) throws -> Int {
        try Connection(path: path, mode: .readOnly).scalar(sql, as: Int.self) ?? -1
    }
}

@Suite struct ExportImportTests {
    @Test(arguments: [ExchangeFormat.csv, .json])
    func roundTripIsByteIdentical(format: ExchangeFormat) throws {
        let fixture = try ExchangeFixture()
        try fixture.fill()
        let first = try fixture.export(fixture.database, format, to: "first.\(format)")
        let report = try fixture.importFile(fixture.path("first.\(format)"), into: "copy.db", from: .flarelog)
        #expect(report.totalCreated == 4)
        #expect(report.flaresCreated == 2)
        #expect(report.settingsCreated == 1)
        #expect(report.trialsCreated == 2)
        #expect(report.itemsCreated.map(\.name) == ["jaw, clicking", "ice pack"])
        #expect(report.assessmentsCreated == 4)
        let copy = try Database(path: fixture.path("copy.db"), access: .read)
        #expect(try copy.assessments() == fixture.database.assessments().map { $0 })
        #expect(report.labsCreated == 2)
        #expect(try copy.labResults() == fixture.database.labResults())
        let second = try fixture.export(copy, format, to: "second.\(format)")
        #expect(first == second)
        #expect(first.contains("my\\; knee\\\\") || first.contains("my; knee\\\\"))
        // Importing again adds nothing.
        let again = try fixture.importFile(fixture.path("first.\(format)"), into: "copy.db", from: .flarelog)
        #expect(again.totalCreated == 0 && again.totalSkipped == 4 && again.itemsCreated.isEmpty)
        #expect(again.flaresSkipped == 2 && again.settingsSkipped == 1)
        #expect(again.trialsSkipped == 2 && again.trialsCreated == 0)
        let trials = try copy.trials()
        #expect(trials == (try fixture.database.trials()))
        #expect(trials.map(\.stoppedDay) == [LocalDay("2026-01-05"), nil])
        #expect(again.assessmentsCreated == 0 && again.assessmentsSkipped == 4)
        #expect(again.labsCreated == 0 && again.labsSkipped == 2)
    }

    @Test func csvHasTheDocumentedHeaderAndFiltersByDay() throws {
        let fixture = try ExchangeFixture()
        try fixture.fill()
        let file = fixture.path("range.csv")
        try fixture.database.export(
            ExportOptions(
                format: .csv, since: LocalDay("2026-01-04"), until: LocalDay("2026-01-05"), exportedAt: "x"),
            toFile: file)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == Substring(ExchangeLayout.csvHeader.joined(separator: ",")))
        let entries = lines.filter { $0.hasPrefix("entry,") }
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.contains("2026-01-04") || $0.contains("2026-01-05") })
        // f-1 (2 to 4 January) overlaps; f-2 (open since the 6th) does not.
        #expect(lines.filter { $0.hasPrefix("flare,") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("lab,") }.map { $0.contains(",l-1,") } == [true])
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: fixture.folder.url.path).allSatisfy {
                !$0.hasSuffix(".tmp")
            })
    }

    @Test func deletedEntriesStayOutUnlessAsked() throws {
        let fixture = try ExchangeFixture()
        try fixture.fill()
        #expect(!(try fixture.export(fixture.database, .csv, to: "live.csv", includeDeleted: false)).contains("u-4"))
        #expect(try fixture.export(fixture.database, .csv, to: "all.csv").contains("u-4"))
    }

    @Test func aBadRowInTheMiddleImportsNothing() throws {
        let fixture = try ExchangeFixture()
        let target = fixture.path("target.db")
        _ = try Database(path: target, access: .write)
        let before =
            try ExchangeFixture.count(target, "SELECT count(*) FROM item") * 1000
            + ExchangeFixture.count(target, "SELECT count(*) FROM entry")
        let failure = try #require(throws: ImportFailure.self) {
            try fixture.importFile(try ImportFixture.path("flarelog-bad.csv"), into: "target.db", from: .flarelog)
        }
        #expect(
            failure.problems.map(\.description) == [
                "\(failure.file):7: column local_day: '2026-13-03' is not a date YYYY-MM-DD",
                "\(failure.file):8: column value: 12 is out of range for fatigue; use 0 to 10",
                "\(failure.file):9: column name: no symptom named 'knee pain' in the file or the database",
            ])
        #expect(failure.error.message.hasSuffix("3 bad rows in \(failure.file); nothing was imported"))
        let after =
            try ExchangeFixture.count(target, "SELECT count(*) FROM item") * 1000
            + ExchangeFixture.count(target, "SELECT count(*) FROM entry")
        #expect(before == after)
        #expect(try ExchangeFixture.count(target, "SELECT count(*) FROM setting") == 0)
        #expect(try ExchangeFixture.count(target, "SELECT count(*) FROM flare") == 0)
    }

    @Test func manyRowsMixFastAndGeneralPaths() throws {
        let fixture = try ExchangeFixture()
        var lines = [ExchangeLayout.csvHeader.joined(separator: ",")]
        func entry(_ index: Int, name: String = "fatigue", uid: String? = nil, regions: String = "", note: String = "")
            -> String
        {
            let at = "2026-01-01T\(String(format: "%02d", index % 24)):00:00.000Z"
            return "entry,symptom,\(name),\(uid ?? "uid-\(index)"),,,,,,,\(at),60,2026-01-01,,,,\(index % 11),"
                + "\(regions),\(note),\(at),\(at)" + ExchangeFixture.emptyCells(after: .updatedAt)
        }
        for index in 0..<300 {
            switch index % 50 {
            case 7: lines.append(entry(index, regions: "neck;Left Hip"))
            case 8: lines.append(entry(index, note: "\"said \"\"ouch\"\", twice\""))
            case 9: lines.append(entry(index, name: "FATIGUE"))
            case 10: lines.append(entry(index, regions: "lower-back;neck"))
            case 11: lines.append(entry(index, regions: "neck;neck"))
            default: lines.append(entry(index))
            }
        }
        lines.append(entry(999, uid: "uid-5"))  // the same uid again: the first row wins
        lines.append(
            "item,symptom,late item,,scale,,0,10,max,0,,,,,,,,,,2026-01-01T00:00:00.000Z"
                + ExchangeFixture.emptyCells(after: .createdAt))
        lines.append(entry(1000, name: "late item"))
        let file = fixture.path("many.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let report = try fixture.importFile(file, into: "many.db", from: .flarelog)
        #expect(report.entriesCreated == [.symptom: 301])
        #expect(report.entriesSkipped == [.symptom: 1])
        let database = try Database(path: fixture.path("many.db"), access: .read)
        #expect(try database.entry(uid: "uid-5")?.value == 5)
        #expect(try database.entry(uid: "uid-57")?.regions == ["left-hip", "neck"])
        #expect(try database.entry(uid: "uid-58")?.note == "said \"ouch\", twice")
        #expect(try database.entry(uid: "uid-59")?.itemName == "fatigue")
        #expect(try database.entry(uid: "uid-60")?.regions == ["lower-back", "neck"])
        #expect(try database.entry(uid: "uid-61")?.regions == ["neck"])
        #expect(try database.entry(uid: "uid-1000")?.itemName == "late item")
        let again = try fixture.importFile(file, into: "many.db", from: .flarelog)
        #expect(again.totalCreated == 0 && again.entriesSkipped == [.symptom: 302])
    }

    // Entries are stored in uid order, not file order: what is created or skipped must not depend on it.
    @Test func importIntoExistingEntriesAddsExactlyTheNewUIDs() throws {
        let fixture = try ExchangeFixture()
        func file(_ name: String, _ rows: [(uid: Int, value: Int, regions: String)]) throws -> String {
            var lines = [ExchangeLayout.csvHeader.joined(separator: ",")]
            for row in rows {
                let at = "2026-01-01T\(String(format: "%02d", row.uid % 24)):00:00.000Z"
                lines.append(
                    "entry,symptom,fatigue,uid-\(String(format: "%03d", row.uid)),,,,,,,\(at),60,2026-01-01,,,,"
                        + "\(row.value),\(row.regions),,\(at),\(at)" + ExchangeFixture.emptyCells(after: .updatedAt))
            }
            let path = fixture.path(name)
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        // The even uids first, backwards; every tenth with regions, which takes the general path.
        let first = try file(
            "first.csv", stride(from: 198, through: 0, by: -2).map { ($0, 1, $0 % 10 == 0 ? "neck" : "") })
        #expect(try fixture.importFile(first, into: "e.db", from: .flarelog).entriesCreated == [.symptom: 100])
        // Then all of them in a shuffled order, with other values, and uid-001 twice: its first row wins.
        var rows = (0..<200).map { ($0, 2, $0 % 10 == 5 ? "chest" : "") }
        rows.shuffle()
        rows.append((1, 3, "abdomen"))
        let report = try fixture.importFile(try file("second.csv", rows), into: "e.db", from: .flarelog)
        #expect(report.entriesCreated == [.symptom: 100])
        #expect(report.entriesSkipped == [.symptom: 101])
        let database = try Database(path: fixture.path("e.db"), access: .read)
        let entries = try database.entries(EntryFilter())
        #expect(entries.count == 200)
        for entry in entries {
            let number = Int(entry.uid.dropFirst(4))!
            #expect(entry.value == (number % 2 == 0 ? 1 : 2), "\(entry.uid)")
            let regions = number % 10 == 0 ? ["neck"] : number % 10 == 5 ? ["chest"] : []
            #expect(entry.regions == regions, "\(entry.uid)")
        }
    }

    @Test func handWrittenExportWithBOMAndCRLF() throws {
        let fixture = try ExchangeFixture()
        let report = try fixture.importFile(try ImportFixture.path("flarelog.csv"), into: "n.db", from: .flarelog)
        #expect(report.entriesCreated == [.symptom: 2, .trigger: 1])
        let database = try Database(path: fixture.path("n.db"), access: .read)
        let jaw = try #require(try database.entry(uid: "7d3c1a55-1111-4000-8000-000000000001"))
        #expect(jaw.note == "worse after\ndinner")
        #expect(jaw.regions.sorted() == ["left-hip", "left-jaw"])
        #expect(
            try database.entry(uid: "7d3c1a55-1111-4000-8000-000000000003")?.deletedAt == "2026-01-04T07:00:00.000Z")
        #expect(try database.flares().first?.note == "long one, \"bad\"")
        #expect(try database.setting(.dayStart) == "04:00")
    }

    /// Hand-written JSON files read as they did with JSONSerialization: the same problems, the same values.
    @Test(arguments: [
        (#"{"format": "flarelog-export","#, "1: column -: not valid JSON"),
        (#"{"format": "flarelog-export", "version": 1e400}"#, "1: column -: not valid JSON"),
        (#"{"format": "other"}"#, #"1: column format: this is not a flarelog export (no "format": "flarelog-export")"#),
        (#"{"format": "flarelog-export", "version": 99}"#, "1: column version: made by a newer flarelog (version 99)"),
        (
            #"{"format": "flarelog-export", "version": 2.5}"#,
            "1: column version: made by a newer flarelog (version 2.5)"
        ),
        (#"{"format": "flarelog-export", "version": "x"}"#, "1: column version: made by a newer flarelog (version x)"),
        (
            #"{"format": "flarelog-export", "version": null}"#,
            "1: column version: made by a newer flarelog (version <null>)"
        ),
        (
            #"{"format": "flarelog-export", "version": [1, "a"]}"#,
            #"1: column version: made by a newer flarelog (version [1, "a"])"#
        ),
        (#"{"format": "flarelog-export"}"#, "1: column version: made by a newer flarelog (version ?)"),
        (#"{"format": "flarelog-export", "version": 1, "entries": [5]}"#, "entries[0]: column -: not an object"),
    ])
    func badJSONNamesTheProblem(json: String, problem: String) throws {
        let fixture = try ExchangeFixture()
        let file = fixture.path("bad.json")
        try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        let failure = try #require(throws: ImportFailure.self) {
            try fixture.importFile(file, into: "bad.db", from: .flarelog)
        }
        #expect(failure.problems.map(\.description).first?.hasPrefix("\(failure.file):\(problem)") == true)
    }

    @Test func jsonNumbersBooleansAndRegionsReadAsBefore() throws {
        let fixture = try ExchangeFixture()
        let file = fixture.path("values.json")
        let entry = """
            {"uid": "u-1", "kind": "symptom", "item": "fatigue", "occurred_at": "2026-01-01T10:00:00.000Z",
             "utc_offset_min": -300.0, "local_day": "2026-01-01", "value": true, "regions": [1, "neck"],
             "note": null, "created_at": "2026-01-01T10:00:00.000Z", "updated_at": "2026-01-01T10:00:00.000Z"}
            """
        try Data(#"{"format": "flarelog-export", "version": 1.0, "entries": [\#(entry)]}"#.utf8).write(
            to: URL(fileURLWithPath: file))
        let report = try fixture.importFile(file, into: "values.db", from: .flarelog)
        #expect(report.entriesCreated == [.symptom: 1])
        let stored = try #require(try Database(path: fixture.path("values.db"), access: .read).entry(uid: "u-1"))
        #expect(stored.value == 1)
        #expect(stored.regions == ["neck"])
        #expect(stored.note == nil)
    }

    @Test func dryRunWritesNothingAndCreatesNoDatabase() throws {
        let fixture = try ExchangeFixture()
        let report = try fixture.importFile(
            try ImportFixture.path("bearable.csv"), into: "missing/new.db", from: .bearable, dryRun: true)
        #expect(report.dryRun && report.totalCreated == 12 && report.notesCreated == 2)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("missing")))
        let existing = fixture.path("source.db")
        let before = try ExchangeFixture.count(existing, "SELECT count(*) FROM entry")
        let again = try fixture.importFile(
            try ImportFixture.path("bearable.csv"), into: "source.db", from: .bearable, dryRun: true)
        #expect(again.totalCreated == 12)
        #expect(try ExchangeFixture.count(existing, "SELECT count(*) FROM entry") == before)
        #expect(try ExchangeFixture.count(existing, "SELECT count(*) FROM note") == 0)
        #expect(try ExchangeFixture.count(existing, "SELECT count(*) FROM item") == 42)
    }
}

@Suite struct ForeignImportTests {
    private func entries(_ path: String) throws -> [String: Entry] {
        let database = try Database(path: path, access: .read)
        var byKey: [String: Entry] = [:]
        for entry in try database.entries(EntryFilter()) {
            byKey["\(entry.localDay) \(entry.itemName)"] = entry
        }
        return byKey
    }

    @Test func bearable() throws {
        let fixture = try ExchangeFixture()
        let report = try fixture.importFile(try ImportFixture.path("bearable.csv"), into: "b.db", from: .bearable)
        #expect(report.rows == 13)
        #expect(report.entriesCreated == [.symptom: 6, .trigger: 5, .intervention: 1])
        #expect(report.notesCreated == 2 && report.rowsSkipped.isEmpty && report.rowsKeptAsNotes.isEmpty)
        #expect(report.rowsWithoutValue == 1)
        #expect(
            Set(report.itemsCreated.map(\.name)) == [
                "Neck pain", "sleep quality", "mood (Bearable)", "energy (Bearable)", "Caffeine", "Late night",
                "Screen time", "Weight",
            ])
        // Ratings keep Bearable's own ranges, better when higher, next to the built-in 0-10 mood and energy.
        let database = try Database(path: fixture.path("b.db"), access: .read)
        for (name, top) in [("mood (Bearable)", 10.0), ("energy (Bearable)", 5), ("sleep quality", 4)] {
            let rating = try database.item(.symptom, named: name)
            #expect(rating.direction == .betterWhenHigher && rating.min == 1 && rating.max == top, "\(name)")
        }
        let all = try entries(fixture.path("b.db"))
        let neck = try #require(all["2021-12-08 Neck pain"])
        #expect(neck.value == 5)
        // mid = 13:00 in Berlin (UTC+1 in December).
        #expect(neck.occurredAt == "2021-12-08T12:00:00.000Z" && neck.utcOffsetMinutes == 60)
        #expect(all["2021-12-08 fatigue"]?.value == 10)
        #expect(all["2021-12-08 fatigue"]?.note == "could not get up")
        #expect(all["2021-12-09 headache"]?.value == 7.5)
        #expect(all["2021-12-09 headache"]?.note == "started \"behind\" the eyes\r\nthen spread")
        #expect(all["2021-12-08 sleep"]?.value == 7.5)
        #expect(all["2021-12-08 sleep"]?.occurredAt == "2021-12-08T06:00:00.000Z")
        #expect(all["2021-12-08 magnesium"]?.value == 400)
        #expect(all["2021-12-08 magnesium"]?.occurredAt == "2021-12-08T20:30:00.000Z")
        #expect(all["2021-12-08 Late night"]?.note == "level: High")
        #expect(all["2021-12-09 Weight"]?.unit == "kg")
        // Text is a note, never an item: no trigger holds it, so the analysis never sees it.
        let notes = try Database(path: fixture.path("b.db"), access: .read).notes(since: nil, until: nil, limit: nil)
        #expect(
            notes.map(\.text).sorted() == ["Bowel movements: Type 4 (3)", "Gratitude — Tea with Sam, sunny walk"])
        #expect(notes.map { $0.source ?? "" }.sorted() == ["bearable.csv:12", "bearable.csv:13"])
        // The same readings in the other header layout map to the same uids.
        let formatted = try fixture.importFile(
            try ImportFixture.path("bearable-formatted.csv"), into: "b.db", from: .bearable)
        #expect(formatted.entriesCreated == [.symptom: 1] && formatted.totalSkipped == 2)
        let again = try fixture.importFile(try ImportFixture.path("bearable.csv"), into: "b.db", from: .bearable)
        #expect(again.totalCreated == 0 && again.totalSkipped == 12 && again.itemsCreated.isEmpty)
        #expect(again.notesCreated == 0 && again.notesSkipped == 2)
    }

    @Test func bearableBadRowsNameLineAndColumn() throws {
        let fixture = try ExchangeFixture()
        let failure = try #require(throws: ImportFailure.self) {
            try fixture.importFile(
                try ImportFixture.path("bearable-bad.csv"), into: "b.db", from: .bearable, strict: true)
        }
        #expect(
            failure.problems.map { "\($0.location) \($0.column)" } == [
                "3 date formatted", "4 time of day", "5 rating/amount",
            ])
        // The database did not exist before, and a refused import does not leave one behind.
        #expect(!FileManager.default.fileExists(atPath: fixture.path("b.db")))
    }

    /// Without --strict no row is lost: a row with a date becomes a note with its text, file and line; a row
    /// without one is listed as skipped with the reason; the good rows go in.
    @Test func bearableBadRowsAreKeptAsNotesOrListed() throws {
        let fixture = try ExchangeFixture()
        let report = try fixture.importFile(
            try ImportFixture.path("bearable-bad.csv"), into: "b.db", from: .bearable)
        #expect(report.rows == 5)
        #expect(report.entriesCreated == [.symptom: 1, .trigger: 1])
        #expect(report.rowsSkipped.map { "\($0.location) \($0.column)" } == ["3 date formatted"])
        #expect(report.rowsKeptAsNotes.map { "\($0.location) \($0.column)" } == ["4 time of day", "5 rating/amount"])
        let notes = try Database(path: fixture.path("b.db"), access: .read).notes(since: nil, until: nil, limit: nil)
        #expect(
            notes.map(\.text) == [
                "10th Dec 2021,2021-12-10,Friday,am,Symptom,9,Neck pain (Moderate),",
                "9th Dec 2021,2021-12-09,Thursday,noonish,Symptom,2,Neck pain (Moderate),",
            ])
        #expect(notes.map { $0.source ?? "" } == ["bearable-bad.csv:5", "bearable-bad.csv:4"])
        #expect(notes.map(\.localDay.description) == ["2021-12-10", "2021-12-09"])
    }

    @Test func flaredownWide() throws {
        let fixture = try ExchangeFixture()
        let report = try fixture.importFile(try ImportFixture.path("flaredown.csv"), into: "f.db", from: .flaredown)
        #expect(report.entriesCreated == [.symptom: 6, .trigger: 4, .intervention: 4])
        #expect(
            Set(report.itemsCreated.map { "\($0.kind.rawValue):\($0.name)" }) == [
                "symptom:Fibromyalgia", "symptom:Ankylosing spondylitis", "intervention:Duloxetine",
                "intervention:Ibuprofen", "intervention:Physio", "trigger:stressful", "trigger:travel",
                "trigger:Coffee", "trigger:Bread, white",
            ])
        let all = try entries(fixture.path("f.db"))
        #expect(all["2017-04-01 Fibromyalgia"]?.value == 7.5)
        #expect(all["2017-04-01 Fibromyalgia"]?.occurredAt == "2017-04-01T10:00:00.000Z")  // noon, CEST
        #expect(all["2017-04-02 brain fog"]?.value == 0)
        #expect(all["2017-04-02 Duloxetine"]?.value == 0)
        #expect(all["2017-04-01 Ibuprofen"]?.note == "dose: 2 x 200mg")
        #expect(all["2017-04-02 Physio"]?.value == 1)
        let again = try fixture.importFile(try ImportFixture.path("flaredown.csv"), into: "f.db", from: .flaredown)
        #expect(again.totalCreated == 0 && again.totalSkipped == 14)
    }

    @Test func flaredownLongNeedsAUserWhenThereAreSeveral() throws {
        let fixture = try ExchangeFixture()
        let file = try ImportFixture.path("flaredown-long.csv")
        let refusal = try #require(throws: FlareError.self) {
            try fixture.importFile(file, into: "l.db", from: .flaredownLong)
        }
        #expect(refusal.status == .badData)
        #expect(refusal.message.contains("holds 4 users ('QEVuQwEABlEzkh7fsBBjEe26RyIVcg==', "))
        #expect(refusal.message.contains("--user"))
        let report = try fixture.importFile(
            file, into: "l.db", from: .flaredownLong, user: "QEVuQwEAWRNGnuTRqXG2996KSkTIEw==")
        #expect(report.rows == 11)
        #expect(report.rowsWithoutValue == 1)
        #expect(report.entriesCreated == [.symptom: 3, .trigger: 3, .intervention: 2])
        #expect(report.notesCreated == 2)
        let all = try entries(fixture.path("l.db"))
        #expect(all["2015-11-26 Ulcerative colitis"]?.value == 5)
        #expect(all["2015-11-26 Naproxen"]?.note == "dose: 500.0")
        #expect(all["2015-11-26 weather pressure"]?.value == 1013.2)
        #expect(all["2015-11-27 Harvey-Bradshaw index"]?.value == 7)
        #expect(all["2015-11-26 Milk, whole"]?.value == 1)
        let unknown = try #require(throws: FlareError.self) {
            try fixture.importFile(file, into: "l.db", from: .flaredownLong, user: "nobody")
        }
        #expect(unknown.message.contains("has no user 'nobody'"))
    }
}
