import Foundation
import Testing

/// `flarelog items`: listing with usage, adding, renaming and archiving.
@Suite struct ItemsTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.ok(["init"])
    }

    func item(_ name: String, kind: String, archived: Bool = false) throws -> [String: Any]? {
        try cli.objects(["items", "list", "--kind", kind] + (archived ? ["--archived"] : [])).first {
            $0["name"] as? String == name
        }
    }

    @Test func listsTheCatalogWithCountsAndLastUse() throws {
        try cli.log(["trigger", "stress", "4"], at: "2026-06-10 08:00")
        try cli.log(["trigger", "stress", "6"], at: "2026-06-12 08:00")
        try cli.log(["trigger", "stress", "5"], at: "2026-06-11 08:00")
        let deleted = try cli.log(["trigger", "stress", "9"], at: "2026-06-13 08:00")
        try cli.ok(["delete", String(try #require(deleted["id"] as? Int))])
        let all = try cli.objects(["items"])
        #expect(all.count == 42)
        #expect(all.prefix(15).allSatisfy { $0["kind"] as? String == "symptom" })
        let stress = try #require(try item("stress", kind: "trigger"))
        #expect(stress["entries"] as? Int == 3)
        #expect(stress["last_used"] as? String == "2026-06-12T08:00:00.000Z")
        #expect(stress["value_type"] as? String == "scale")
        #expect(stress["min"] as? Double == 0)
        #expect(stress["max"] as? Double == 10)
        #expect(stress["aggregate"] as? String == "mean")
        #expect(stress["builtin"] as? Bool == true)
        #expect(stress["archived_at"] is NSNull)
        let sleep = try #require(try item("sleep", kind: "trigger"))
        #expect(sleep["entries"] as? Int == 0)
        #expect(sleep["last_used"] is NSNull)
        #expect(sleep["unit"] as? String == "hours")
        let table = try cli.ok(["items", "list", "--kind", "trigger"])
        #expect(table.split(separator: "\n").first?.hasPrefix("kind     name") == true)
        #expect(table.contains("trigger  stress           scale     0 to 10"))
        #expect(table.contains("mean   lower   3        2026-06-12\n"))
    }

    @Test func kindFiltersTheList() throws {
        #expect(try cli.objects(["items", "list", "--kind", "symptom"]).count == 15)
        #expect(try cli.objects(["items", "list", "--kind", "trigger"]).count == 9)
        #expect(try cli.objects(["items", "list", "--kind", "intervention"]).count == 18)
        let csv = CSV.parse(try cli.ok(["items", "list", "--kind", "trigger", "--format", "csv"]))
        #expect(csv.count == 10)
        #expect(
            csv[1] == [
                "22", "trigger", "alcohol", "quantity", "drinks", "0", "", "sum", "1", "", "0", "", "worse-when-higher",
            ])
    }

    @Test func addsAnItemWithDefaults() throws {
        let added = try cli.object([
            "items", "add", "trigger", "  Red   Wine ", "--type", "quantity", "--unit", "glasses",
        ])
        #expect(added["name"] as? String == "Red Wine")
        #expect(added["aggregate"] as? String == "sum")
        #expect(added["min"] is NSNull)
        #expect(added["builtin"] as? Bool == false)
        let scale = try cli.ok(["items", "add", "symptom", "jaw pain", "--type", "scale"])
        #expect(scale == "added symptom 'jaw pain': scale, 0 to 10, daily max\n")
        let boolean = try cli.object(["items", "add", "intervention", "heat pad", "--type", "boolean"])
        #expect(boolean["aggregate"] as? String == "any")
        #expect(boolean["min"] as? Double == 0)
        #expect(boolean["max"] as? Double == 1)
        let bounded = try cli.object([
            "items", "add", "intervention", "ibuprofen", "--type", "quantity", "--unit", "mg", "--min", "0", "--max",
            "2400",
        ])
        #expect(bounded["max"] as? Double == 2400)
        #expect(try cli.counts()["items"] == 46)
        // Logged like a built-in, checked against its own range.
        #expect(try cli.log(["trigger", "red wine", "2"], at: "2026-06-10 20:00")["unit"] as? String == "glasses")
        try cli.refuses(["log", "intervention", "ibuprofen", "3000"], status: 65, containing: "use 0 to 2400 mg")
    }

    @Test func aDuplicateNameInAnyCaseIsRefused() throws {
        #expect(
            try cli.refuses(["items", "add", "trigger", "STRESS", "--type", "scale"], status: 65, containing: "exists")
                == "a trigger named 'stress' already exists")
        try cli.refuses(["items", "add", "trigger", " stress ", "--type", "boolean"], status: 65, containing: "exists")
        // Another kind may use the name.
        try cli.ok(["items", "add", "symptom", "stress", "--type", "scale"])
    }

    @Test func inconsistentDefinitionsAreRefused() throws {
        try cli.refuses(
            ["items", "add", "trigger", "noise", "--type", "boolean", "--aggregate", "max"], status: 65,
            containing: "the 'any' aggregate goes with --type boolean")
        try cli.refuses(
            ["items", "add", "trigger", "noise", "--type", "scale", "--aggregate", "any"], status: 65,
            containing: "the 'any' aggregate goes with --type boolean")
        #expect(
            try cli.refuses(
                ["items", "add", "trigger", "noise", "--type", "scale", "--min", "5", "--max", "1"], status: 65,
                containing: "above") == "--min 5 is above --max 1")
        try cli.refuses(
            ["items", "add", "trigger", "noise", "--type", "quantity", "--max", "inf"], status: 65,
            containing: "--min and --max must be finite numbers")
        try cli.refuses(["items", "add", "trigger", "   ", "--type", "scale"], status: 65, containing: "needs a name")
        try cli.refuses(["items", "add", "trigger", "noise"], status: 64, containing: "--type")
        try cli.refuses(["items", "add", "trigger", "noise", "--type", "colour"], status: 64, containing: "colour")
    }

    @Test func renameKeepsTheHistoryAndRefusesAClash() throws {
        try cli.log(["trigger", "stress", "4"], at: "2026-06-10 08:00")
        #expect(
            try cli.ok(["items", "rename", "trigger", "Stress", "work stress"])
                == "renamed to trigger 'work stress': scale, 0 to 10, daily mean\n")
        #expect(try cli.objects(["list"]).first?["item"] as? String == "work stress")
        #expect(try item("work stress", kind: "trigger")?["entries"] as? Int == 1)
        try cli.refuses(["log", "trigger", "stress", "3"], status: 65, containing: "did you mean 'work stress'?")
        #expect(
            try cli.refuses(["items", "rename", "trigger", "work stress", "SLEEP"], status: 65, containing: "exists")
                == "a trigger named 'sleep' already exists")
        try cli.refuses(["items", "rename", "trigger", "nothing", "else"], status: 65, containing: "no trigger named")
        try cli.refuses(
            ["items", "rename", "trigger", "work stress", " "], status: 65, containing: "the new name is empty")
        // A change of case only is allowed.
        #expect(try cli.ok(["items", "rename", "trigger", "work stress", "Work Stress"]).contains("'Work Stress'"))
    }

    /// Archiving hides an item from listings and suggestions, but its exact name still logs: the lookup
    /// used by `log` finds archived items on purpose ("keeps its history").
    @Test func archivedItemsLeaveListsAndSuggestionsButStillLog() throws {
        try cli.log(["trigger", "stress", "4"], at: "2026-06-10 08:00")
        let output = try cli.ok(["items", "archive", "trigger", "stress"])
        #expect(output == "archived trigger 'stress': scale, 0 to 10, daily mean (archived)\n")
        #expect(try item("stress", kind: "trigger") == nil)
        #expect(try cli.objects(["items"]).count == 41)
        let archived = try #require(try item("stress", kind: "trigger", archived: true))
        #expect(archived["archived_at"] is String)
        #expect(archived["entries"] as? Int == 1)
        #expect(try cli.ok(["items", "list", "--archived", "--kind", "trigger"]).contains("stress (archived)"))
        let message = try cli.refuses(["log", "trigger", "stres", "4"], status: 65, containing: "no trigger named")
        #expect(!message.contains("did you mean"))
        // The exact name still records, with a note on stderr, and history stays listed.
        let logged = try cli.run(["log", "trigger", "stress", "5", "--at", "2026-06-11 08:00"])
        #expect(logged.status == 0)
        #expect(logged.stderr.hasPrefix("flarelog: note: 'stress' is archived;"))
        #expect(try cli.objects(["list", "--item", "stress"]).count == 2)
        // Re-adding the name is refused; unarchiving brings it back.
        try cli.refuses(["items", "add", "trigger", "stress", "--type", "scale"], status: 65, containing: "exists")
        #expect(
            try cli.ok(["items", "archive", "trigger", "stress", "--undo"]).hasPrefix("unarchived trigger 'stress'"))
        #expect(try item("stress", kind: "trigger")?["entries"] as? Int == 2)
    }

    @Test func archivingTwiceKeepsTheFirstTime() throws {
        try cli.ok(["items", "archive", "trigger", "stress"])
        let first = try item("stress", kind: "trigger", archived: true)?["archived_at"] as? String
        try cli.ok(["items", "archive", "trigger", "stress"])
        #expect(try item("stress", kind: "trigger", archived: true)?["archived_at"] as? String == first)
        try cli.refuses(["items", "archive", "trigger", "nope"], status: 65, containing: "no trigger named 'nope'")
    }
}
