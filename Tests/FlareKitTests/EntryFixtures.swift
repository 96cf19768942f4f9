import Foundation
import SQLite
import Testing

@testable import FlareKit

/// Raw-SQL test data, so these tests do not depend on the entry commands being built elsewhere.
enum EntryFixtures {
    static let insertSQL = """
        INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3, ?3)
        """

    /// A new, migrated flarelog database at `path`, closed again.
    static func makeDatabase(_ path: String) throws {
        _ = try Database(path: path, access: .write)
    }

    /// Inserts `count` consistent entries of item 1 (a 0-10 scale), one a day from 2026-01-01 at 07:30 UTC.
    static func insert(_ count: Int, into connection: Connection, prefix: String = "e", from start: Int = 0) throws {
        try connection.transaction {
            for index in start..<(start + count) {
                let day = LocalDay(year: 2026, month: 1, day: 1)! + index
                try connection.run(
                    insertSQL, ["\(prefix)\(index)", 1, "\(day)T07:30:00.000Z", 0, "\(day)", Double(index % 11)])
            }
        }
    }

    /// The number of live entries in the file at `path`.
    static func count(_ path: String) throws -> Int {
        try Connection(path: path, mode: .readOnly).scalar(
            "SELECT count(*) FROM entry WHERE deleted_at IS NULL", as: Int.self) ?? 0
    }

    /// Overwrites the first bytes of the page in the middle of the file (its b-tree page header) with garbage.
    static func corruptMiddlePage(_ path: String) throws {
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        let pages = size / 4096
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: UInt64(pages / 2 * 4096))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 64))
        try handle.close()
    }

    /// Cuts the file to half its size.
    static func truncate(_ path: String) throws {
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(Foundation.truncate(path, off_t(size / 2)) == 0)
    }

    static func sha256(_ path: String) throws -> String { try SHA256.hex(ofFileAt: path) }
}
