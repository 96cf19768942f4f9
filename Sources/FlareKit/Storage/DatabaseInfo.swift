import FoundationEssentials
import Glibc
import SQLite

/// What `flarelog info` reports about a database file.
public struct DatabaseInfo: Sendable, Equatable {
    public let path: String
    /// Bytes of the main file plus its write-ahead log.
    public let sizeBytes: Int64
    public let schemaVersion: Int32
    public let sqliteVersion: String
    /// Row counts per table (`entries` are the live ones; `deleted_entries` are counted apart).
    public let counts: [(table: String, rows: Int)]

    public static func == (lhs: DatabaseInfo, rhs: DatabaseInfo) -> Bool {
        lhs.path == rhs.path && lhs.sizeBytes == rhs.sizeBytes && lhs.schemaVersion == rhs.schemaVersion
            && lhs.counts.map(\.table) == rhs.counts.map(\.table) && lhs.counts.map(\.rows) == rhs.counts.map(\.rows)
    }
}

extension Database {
    /// Size, schema version and row counts, read in one snapshot.
    public func info() throws -> DatabaseInfo {
        let queries: [(String, String)] = [
            ("items", "SELECT count(*) FROM item"),
            ("entries", "SELECT count(*) FROM entry WHERE deleted_at IS NULL"),
            ("deleted_entries", "SELECT count(*) FROM entry WHERE deleted_at IS NOT NULL"),
            ("entry_regions", "SELECT count(*) FROM entry_region"),
            ("flares", "SELECT count(*) FROM flare WHERE deleted_at IS NULL"),
            ("settings", "SELECT count(*) FROM setting"),
        ]
        let (version, counts) = try read {
            let counts = try queries.map { table, sql in (table, try connection.scalar(sql, as: Int.self) ?? 0) }
            return (try connection.userVersion, counts)
        }
        // stat(2), not FileManager.attributesOfItem, which also looks up the owner's name through NSS: the
        // shipped static executable cannot load NSS modules of another glibc.
        let size = [path, path + "-wal"].reduce(Int64(0)) { total, file in
            var status = stat()
            return total + (stat(file, &status) == 0 ? Int64(status.st_size) : 0)
        }
        return DatabaseInfo(
            path: path, sizeBytes: size, schemaVersion: version, sqliteVersion: Connection.libraryVersion,
            counts: counts)
    }
}
