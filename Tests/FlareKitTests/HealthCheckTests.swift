import Foundation
import SQLite
import Testing
import TestSupport

@testable import FlareKit

@Suite struct HealthCheckTests {
    let folder: TemporaryDirectory
    let path: String

    init() throws {
        folder = try TemporaryDirectory()
        path = folder.path("live.db")
        try EntryFixtures.makeDatabase(path)
        try EntryFixtures.insert(30, into: Connection(path: path))
    }

    private func problems(full: Bool = false) throws -> [String: Int] {
        let report = try Database(path: path, access: .read).healthCheck(full: full)
        return Dictionary(
            uniqueKeysWithValues: report.findings.filter { $0.problems > 0 }.map { ($0.name, $0.problems) })
    }

    @Test func aHealthyDatabasePassesAndIsNotModified() throws {
        try Connection(path: path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let before = try EntryFixtures.sha256(path)
        #expect(try problems() == [:])
        #expect(try problems(full: true) == [:])
        #expect(try EntryFixtures.sha256(path) == before)
    }

    @Test func localDayFollowsOffsetAndDayStart() throws {
        let connection = try Connection(path: path)
        // 23:30 UTC at +60 is 00:30 local on the 26th; 01:30 UTC at -120 is 23:30 local on the 24th.
        try connection.run(EntryFixtures.insertSQL, ["a", 1, "2026-11-25T23:30:00.000Z", 60, "2026-11-26", 1.0])
        try connection.run(EntryFixtures.insertSQL, ["b", 1, "2026-11-25T01:30:00.000Z", -120, "2026-11-24", 1.0])
        #expect(try problems() == [:])
        // With the day starting at 04:00, 02:30 local time still belongs to the day before.
        try connection.run("INSERT INTO setting (key, value) VALUES ('day-start', '04:00')")
        try connection.run("DELETE FROM entry")
        try connection.run(EntryFixtures.insertSQL, ["c", 1, "2026-11-25T02:30:00.000Z", 0, "2026-11-24", 1.0])
        try connection.run(EntryFixtures.insertSQL, ["d", 1, "2026-11-25T04:00:00.000Z", 0, "2026-11-25", 1.0])
        #expect(try problems() == [:])
        try connection.run(EntryFixtures.insertSQL, ["e", 1, "2026-11-25T02:30:00.000Z", 0, "2026-11-25", 1.0])
        try connection.run(EntryFixtures.insertSQL, ["f", 1, "yesterday", 0, "2026-11-25", 1.0])
        #expect(try problems() == ["local_day": 2])
        try connection.run("UPDATE setting SET value = 'late' WHERE key = 'day-start'")
        #expect(try problems()["day_start"] == 1)
    }

    /// Notes follow the local-day rule too, and a search index that lost a note is reported.
    @Test func notesAndTheSearchIndexAreChecked() throws {
        let connection = try Connection(path: path)
        let insert = """
            INSERT INTO note (uid, occurred_at, utc_offset_min, local_day, text, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'walked by the sea', 'x', 'x')
            """
        try connection.run(insert, ["n1", "2026-11-25T23:30:00.000Z", 60, "2026-11-26"])
        #expect(try problems() == [:])
        try connection.run(insert, ["n2", "2026-11-25T07:30:00.000Z", 0, "2026-11-24"])
        #expect(try problems() == ["local_day": 1])
        try connection.run("DELETE FROM note WHERE uid = 'n2'")
        // Dropping a note's row from the index behind the triggers' back, as a damaged file could.
        try connection.execute("DELETE FROM note_search_docsize")
        #expect(try problems() == ["search_index": 1])
    }

    /// Trials: a block with the same period twice, an outcome that is not a symptom, two open trials that meet.
    @Test func trialsAreChecked() throws {
        let connection = try Connection(path: path)
        let insert = """
            INSERT INTO trial (uid, intervention_id, outcome_id, period_days, washout_days, blocks, seed, arms,
                start_day, created_at)
            VALUES (?, (SELECT id FROM item WHERE name = 'yoga'), (SELECT id FROM item WHERE name = ?), 7, 2, 2, 1, ?,
                ?, 'x')
            """
        try connection.run(insert, ["t1", "fatigue", "ABBA", "2026-01-01"])
        try connection.run(insert, ["t2", "fatigue", "BAAB", "2026-02-01"])
        #expect(try problems() == [:])
        try connection.run(insert, ["t3", "fatigue", "AABB", "2026-02-20"])
        #expect(try problems() == ["trials": 2])
        try connection.run("DELETE FROM trial WHERE uid = 't3'")
        try connection.run(insert, ["t4", "stress", "ABAB", "2027-01-01"])
        #expect(try problems() == ["trials": 1])
    }

    @Test func valuesOutOfRangeNotBooleanOrInfiniteAreFound() throws {
        let connection = try Connection(path: path)
        let boolean = try #require(
            try connection.scalar("SELECT id FROM item WHERE value_type = 'boolean' LIMIT 1", as: Int.self))
        try connection.run(EntryFixtures.insertSQL, ["high", 1, "2026-11-25T07:30:00.000Z", 0, "2026-11-25", 11.0])
        try connection.run(
            EntryFixtures.insertSQL, ["half", boolean, "2026-11-25T07:30:00.000Z", 0, "2026-11-25", 0.5])
        try connection.execute(
            "INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, created_at, updated_at)"
                + " VALUES ('inf', 15, '2026-11-25T07:30:00.000Z', 0, '2026-11-25', 1e999, 'x', 'x')")
        #expect(try problems() == ["value_range": 2, "boolean_values": 1, "finite_values": 1])
    }

    @Test func flareProblemsAreFound() throws {
        let connection = try Connection(path: path)
        // Both rules are also enforced by the schema; a damaged or hand-edited file can still break them.
        try connection.execute(
            """
            PRAGMA ignore_check_constraints = ON;
            DROP INDEX flare_single_open;
            INSERT INTO flare (uid, started_at, start_day, utc_offset_min, created_at)
                VALUES ('f1', '2026-11-01T00:00:00.000Z', '2026-11-01', 0, 'x'),
                       ('f2', '2026-11-02T00:00:00.000Z', '2026-11-02', 0, 'x');
            INSERT INTO flare (uid, started_at, ended_at, start_day, end_day, utc_offset_min, end_utc_offset_min, created_at)
                VALUES ('f3', '2026-11-05T00:00:00.000Z', '2026-11-04T00:00:00.000Z', '2026-11-05', '2026-11-04', 0, 0, 'x');
            """)
        let found = try problems()
        #expect(found["open_flares"] == 1)
        #expect(found["flare_order"] == 1)
    }

    @Test func orphansAndDamageAreFound() throws {
        let connection = try Connection(path: path)
        try connection.execute(
            "PRAGMA foreign_keys = OFF; INSERT INTO entry_region (entry_id, region) VALUES (9999, 'neck')")
        #expect(try problems() == ["foreign_keys": 1])
        try EntryFixtures.insert(3000, into: connection, prefix: "bulk", from: 100)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try EntryFixtures.corruptMiddlePage(path)
        let report = try Database(path: path, access: .read).healthCheck(full: true)
        #expect(report.findings.first { $0.name == "integrity" }?.problems ?? 0 > 0)
    }
}
