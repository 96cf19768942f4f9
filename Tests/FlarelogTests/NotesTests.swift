import Foundation
import Testing
import TestSupport

/// `flarelog note`, notes in `list`, `flarelog search` (FTS5 over notes and entry notes), and notes in
/// export and import.
@Suite struct NotesTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    @Test func aNoteIsWrittenListedAndNeverAnItem() throws {
        let note = try cli.object(["note", "walked by the sea, felt calm", "--at", "2026-03-02 10:00"])
        #expect(note["kind"] as? String == "note" && note["item"] is NSNull && note["value"] is NSNull)
        #expect(note["note"] as? String == "walked by the sea, felt calm")
        #expect(note["local_day"] as? String == "2026-03-02" && note["source"] is NSNull)
        try cli.log(["symptom", "fatigue", "4"], at: "2026-03-02 12:00")
        #expect(try cli.counts()["items"] == 42)
        let listed = try cli.objects(["list"])
        #expect(listed.map { $0["kind"] as? String } == ["symptom", "note"])
        #expect(try cli.objects(["list", "--kind", "note"]).count == 1)
        #expect(try cli.objects(["list", "--kind", "symptom"]).count == 1)
        #expect(try cli.objects(["list", "--item", "fatigue"]).count == 1)
        let table = try cli.ok(["list"])
        #expect(table.contains("  note 1  10:00  — walked by the sea, felt calm\n"))
        let csv = CSV.parse(try cli.ok(["list", "--format", "csv", "--kind", "note"]))
        #expect(csv[1][2...3] == ["note", ""] && csv[1][11] == "walked by the sea, felt calm")
        // Retrying with the same id records nothing new.
        let id = "3f2b8c4e-1d2a-4e6f-9a7b-0c1d2e3f4a5b"
        #expect(try cli.ok(["note", "once", "--id", id]).hasPrefix("noted note 2 "))
        #expect(try cli.ok(["note", "once", "--id", id]).hasPrefix("already noted note 2 "))
    }

    @Test func anEmptyNoteIsRefusedAndCreatesNothing() throws {
        let fresh = try CLI()
        try fresh.fails(["note", "   "], status: 65, containing: "a note needs some text")
        #expect(!FileManager.default.fileExists(atPath: fresh.database))
    }

    @Test func searchFindsNotesAndEntryNotesByWordAndPrefix() throws {
        try cli.ok(["note", "Walked by the SEA", "--at", "2026-03-01 10:00"])
        try cli.ok(["log", "symptom", "fatigue", "4", "--note", "sea air helped", "--at", "2026-03-02 10:00"])
        try cli.ok(["log", "trigger", "stress", "6", "--note", "deadline", "--at", "2026-03-03 10:00"])
        let sea = try cli.objects(["search", "sea"])
        #expect(sea.map { $0["kind"] as? String } == ["symptom", "note"])
        #expect(try cli.objects(["search", "walk", "sea"]).count == 1)
        #expect(try cli.objects(["search", "dead"]).first?["item"] as? String == "stress")
        #expect(try cli.ok(["search", "nothing-like-this"]) == "nothing found\n")
        // FTS5 syntax is only text: a quote or AND cannot break the query.
        #expect(try cli.ok(["search", "\"", "AND"]) == "nothing found\n")
        // Edited and deleted entries follow: the old note is no longer found, a deleted entry never.
        try cli.ok(["edit", "1", "--note", "rain all day"])
        #expect(try cli.objects(["search", "sea"]).count == 1)
        #expect(try cli.objects(["search", "rain"]).count == 1)
        try cli.ok(["delete", "1"])
        #expect(try cli.objects(["search", "rain"]).isEmpty)
    }

    @Test func notesSurviveExportAndImportByteForByte() throws {
        try cli.ok(["note", "line one\nline \"two\", with a comma", "--at", "2026-03-01 10:00"])
        try cli.log(["symptom", "fatigue", "4"], at: "2026-03-01 12:00")
        for format in ["csv", "json"] {
            let file = cli.path("notes.\(format)")
            try cli.ok(["export", "--format", format, "--out", file])
            let other = try CLI()
            let report = try CLI.json(try other.ok(["import", file, "--format", "json"]))
            #expect(report["notes_created"] as? Int == 1)
            let again = try CLI.json(try other.ok(["import", file, "--format", "json"]))
            #expect(again["notes_created"] as? Int == 0 && again["notes_skipped"] as? Int == 1)
            let note = try #require(try other.objects(["list", "--kind", "note"]).first)
            #expect(note["note"] as? String == "line one\nline \"two\", with a comma")
            let copy = other.path("copy.\(format)")
            try other.ok(["export", "--format", format, "--out", copy])
            if format == "csv" { #expect(try sha256sum(copy) == sha256sum(file)) }
        }
    }
}
