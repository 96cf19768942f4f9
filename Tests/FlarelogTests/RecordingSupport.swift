import Foundation
import Testing
import TestSupport

/// Helpers for the end-to-end tests of the recording commands.
extension CLI {
    /// The SHA-256 of the database file and of its write-ahead log: equal snapshots mean nothing was
    /// written. A missing log and an empty one hold the same (nothing): a read-only command leaves an
    /// empty `-wal` behind because it may not checkpoint and delete it.
    func snapshot() throws -> String {
        let wal = database + "-wal"
        let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        return try sha256sum(database) + " " + (walSize == 0 ? "empty wal" : try sha256sum(wal))
    }

    /// The row counts `info --format json` reports.
    func counts() throws -> [String: Int] {
        let info = try CLI.json(try ok(["info", "--format", "json"]))
        return try #require(info["counts"] as? [String: Int])
    }

    /// Expects the command to fail with `status` and a one-line message containing `text`, leaving the
    /// database byte-for-byte (and row-count) unchanged; returns the message without its prefix.
    @discardableResult
    func refuses(
        _ arguments: [String], status: Int32, containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let before = try snapshot()
        let countsBefore = try counts()
        let message = try fails(arguments, status: status, containing: text, sourceLocation: sourceLocation)
        #expect(try snapshot() == before, "\(arguments) changed the database", sourceLocation: sourceLocation)
        #expect(try counts() == countsBefore, sourceLocation: sourceLocation)
        return String(message.dropFirst("flarelog: error: ".count).dropLast())
    }

    /// Runs a command with `--format json` appended and parses the object it prints.
    func object(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try CLI.json(try ok(arguments + ["--format", "json"], sourceLocation: sourceLocation))
    }

    /// Runs a command with `--format json` appended and parses the array of objects it prints.
    func objects(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let text = try ok(arguments + ["--format", "json"], sourceLocation: sourceLocation)
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// `log … --at <at> --format json`, returning the stored entry.
    @discardableResult
    func log(_ arguments: [String], at: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: Any]
    {
        try object(["log"] + arguments + ["--at", at], sourceLocation: sourceLocation)
    }
}

/// RFC 4180 CSV, enough to read back what `--format csv` prints (quoted fields may hold commas,
/// doubled quotes and line breaks).
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

/// Reads the stored UTC timestamps (`2026-11-25T07:30:00.000Z`).
func instant(_ text: Any?) -> Date? {
    guard let text = text as? String else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}
