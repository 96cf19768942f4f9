import Foundation
import Testing
import TestSupport

@testable import FlareKit

/// Lab results: what `NewLabResult` accepts, storage, and the CRP that ASDAS-CRP takes (the 14-day rule, units).
@Suite struct LabResultTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try Database(path: folder.path("labs.db"), access: .write)
    }

    static func time(_ day: String, _ clock: String = "08:00") -> EntryTime {
        EntryTime(occurredAt: "\(day)T\(clock):00.000Z", utcOffsetMinutes: 60, localDay: LocalDay(day)!)
    }

    @discardableResult
    func add(_ name: String, _ value: Double, _ unit: String, on day: String, _ clock: String = "08:00", uid: String)
        throws -> LabResult
    {
        try database.addLabResult(
            try NewLabResult(name: name, value: value, unit: unit), uid: uid, time: Self.time(day, clock),
            now: "2026-11-30T00:00:00.000Z"
        ).lab
    }

    @Test func storesReadsBackAndKeepsOneRecordPerUID() throws {
        let stored = try add("  CRP ", 4.25, " mg/L ", on: "2026-11-20", uid: "l1")
        #expect(stored.name == "CRP" && stored.value == 4.25 && stored.unit == "mg/L" && stored.id == 1)
        #expect(stored.localTimeText == "2026-11-20T09:00:00.000+01:00")
        let again = try database.addLabResult(
            try NewLabResult(name: "crp", value: 99, unit: "mg/L"), uid: "l1", time: Self.time("2026-11-21"),
            now: "2026-11-30T00:00:00.000Z")
        #expect(!again.created && again.lab == stored)
        try add("esr", 18, "mm/h", on: "2026-11-22", uid: "l2")
        #expect(try database.labResults().map(\.uid) == ["l1", "l2"])
        #expect(try database.labResults(named: "crp").map(\.uid) == ["l1"])
        #expect(try database.labResults(since: LocalDay("2026-11-21")).map(\.uid) == ["l2"])
    }

    /// Name and unit are required; a value must be finite; a CRP must be usable by ASDAS.
    @Test(arguments: [
        ("", 1.0, "mg/L", "a lab result needs a name"),
        ("esr", 1, "  ", "a lab result needs a unit"),
        ("esr", .infinity, "mm/h", "is not a finite number"),
        ("esr", .nan, "mm/h", "is not a finite number"),
        ("crp", 4, "mmol/L", "a CRP is in mg/L (or mg/dL, taken times 10); got 'mmol/L'"),
        ("crp", -1, "mg/L", "a CRP must be 0-1000 mg/L; got -1 mg/L"),
        ("crp", 101, "mg/dL", "a CRP must be 0-1000 mg/L; got 101 mg/dL"),
        ("e\u{1B}sr", 1, "mm/h", "a lab name cannot contain control characters"),
    ])
    func refusesWhatCannotBeStored(name: String, value: Double, unit: String, message: String) throws {
        let error = try #require(throws: FlareError.self) { try NewLabResult(name: name, value: value, unit: unit) }
        #expect(error.status == .badData && error.message.contains(message), "\(error.message)")
    }

    /// mg/L as it is, mg/dL times 10, in any case; another lab has no CRP.
    @Test func crpUnits() throws {
        #expect(try add("crp", 4.2, "mg/L", on: "2026-11-20", uid: "a").crpMilligramsPerLitre == 4.2)
        #expect(try add("CRP", 0.42, "MG/DL", on: "2026-11-20", uid: "b").crpMilligramsPerLitre == 4.2)
        #expect(try add("esr", 4.2, "mg/L", on: "2026-11-20", uid: "c").crpMilligramsPerLitre == nil)
        // Any unit is fine for a lab ASDAS does not read.
        #expect(try NewLabResult(name: "ferritin", value: -3, unit: "µg/L").unit == "µg/L")
    }

    /// The latest CRP of the assessment's day or the 14 days before: 14 days before counts, 15 does not.
    @Test func theFourteenDayRule() throws {
        let day = LocalDay("2026-11-20")!
        try add("crp", 9, "mg/L", on: "2026-11-05", uid: "15-days")
        #expect(try database.crpForAssessment(on: day) == nil)
        let fourteen = try add("crp", 7, "mg/L", on: "2026-11-06", uid: "14-days")
        #expect(try database.crpForAssessment(on: day) == fourteen)
        try add("esr", 30, "mm/h", on: "2026-11-19", uid: "other")
        let same = try add("Crp", 3, "mg/L", on: "2026-11-20", "20:00", uid: "same-day")
        try add("crp", 5, "mg/L", on: "2026-11-20", "07:00", uid: "earlier")
        try add("crp", 1, "mg/L", on: "2026-11-21", uid: "after")
        // The latest of the window by time, whatever the order of recording; never one after the day.
        #expect(try database.crpForAssessment(on: day) == same)
        #expect(try database.crpForAssessment(on: day + 1)?.uid == "after")
        #expect(try database.crpForAssessment(on: day + 15)?.uid == "after")
        #expect(try database.crpForAssessment(on: day + 16) == nil)
    }

    /// An exported lab result is checked on import as if typed: a CRP in a unit ASDAS cannot read, an empty
    /// unit or a value that is not a number are bad rows, and nothing is imported.
    @Test func importChecksEachLabResult() throws {
        let fixture = try ExchangeFixture()
        for (uid, name, value, unit) in [("a", "crp", 4.0, "mg/L"), ("b", "esr", 18, "mm/h"), ("c", "crp", 5, "mg/L")] {
            try fixture.database.addLabResult(
                try NewLabResult(name: name, value: value, unit: unit), uid: uid, time: Self.time("2026-01-05"),
                now: "2026-01-05T09:00:00.000Z")
        }
        let rows = try fixture.export(fixture.database, .csv, to: "labs.csv").split(separator: "\n").map(String.init)
        let labs = rows.indices.filter { rows[$0].hasPrefix("lab,") }
        var bad = rows
        bad[labs[0]] = bad[labs[0]].replacingOccurrences(of: ",mg/L,", with: ",mmol/L,")
        bad[labs[1]] = bad[labs[1]].replacingOccurrences(of: ",mm/h,", with: ",,")
        bad[labs[2]] = bad[labs[2]].replacingOccurrences(of: ",5,", with: ",five,")
        let file = fixture.path("bad.csv")
        try (bad.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let failure = try #require(throws: ImportFailure.self) {
            try fixture.importFile(file, into: "copy.db", from: .flarelog)
        }
        #expect(
            failure.problems.map { "\($0.column): \($0.reason)" } == [
                "value: a CRP is in mg/L (or mg/dL, taken times 10); got 'mmol/L'", "unit: is empty",
                "value: 'five' is not a number",
            ])
        #expect(failure.problems.map(\.location) == labs.map { String($0 + 1) })
    }
}
