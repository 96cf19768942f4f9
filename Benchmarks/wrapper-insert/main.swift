// Inserts N entry-like rows in one transaction through the SQLite wrapper (Sources/SQLite), the way
// FlareKit does: Connection.run with a cached statement, bind, step. Built and run by ../run.
// Usage: wrapper-insert-swift DB N [array|typed]   → prints rows per wall-clock second and per CPU second
//   array: Statement.run([…]), the general API FlareKit uses (an array of optional existentials)
//   typed: Statement.run(binding: …), the typed fast path (a parameter pack)
import CSQLite
import Foundation

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "/tmp/wrapper-insert-swift.db"
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let typed = arguments.count > 3 && arguments[3] == "typed"

// Inputs are made before the clock starts, identically in raw.c: only the inserts are timed.
let uids = (0..<count).map { BenchData.uid($0) }
let minutes = (0..<1440).map { BenchData.occurredAt(minute: $0) }
let days = (0..<1000).map { BenchData.localDay($0) }
let stamp = "2026-11-25T07:30:00.000Z"
let sql = """
    INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    """

for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
let connection = try Connection(path: path)
try connection.useWriteAheadLog()
try connection.execute(BenchData.schema)

// Wall time, and the CPU time of this process (which other processes on a shared machine do not inflate).
func seconds(_ clock: clockid_t, _ body: () throws -> Void) rethrows -> (Double, Double) {
    var start = (timespec(), timespec())
    clock_gettime(CLOCK_MONOTONIC, &start.0)
    clock_gettime(clock, &start.1)
    try body()
    var end = (timespec(), timespec())
    clock_gettime(CLOCK_MONOTONIC, &end.0)
    clock_gettime(clock, &end.1)
    func difference(_ a: timespec, _ b: timespec) -> Double {
        Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
    }
    return (difference(start.0, end.0), difference(start.1, end.1))
}
let (wall, cpu) = try seconds(CLOCK_PROCESS_CPUTIME_ID, insertAll)
let stored = try connection.scalar("SELECT count(*) FROM entry", as: Int.self) ?? 0
guard stored == count else { fatalError("stored \(stored) rows, expected \(count)") }
print(Int((Double(count) / wall).rounded()), Int((Double(count) / cpu).rounded()))

/// The timed part: one transaction, the statement prepared once and reused for every row.
@inline(never)
func insertAll() throws {
    try connection.transaction {
        let insert = try connection.cachedStatement(sql)
        if typed {
            for row in 0..<count {
                try insert.run(
                    binding: uids[row], Int64(row % 40 + 1), minutes[row % 1440], -300, days[row % 1000],
                    Double(row % 11), stamp, stamp)
            }
        } else {
            for row in 0..<count {
                try insert.run([
                    uids[row], Int64(row % 40 + 1), minutes[row % 1440], -300, days[row % 1000], Double(row % 11),
                    stamp, stamp,
                ])
            }
        }
    }
}

enum BenchData {
    static let schema = """
        CREATE TABLE entry (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, item_id INTEGER NOT NULL, occurred_at TEXT NOT NULL,
            utc_offset_min INTEGER NOT NULL, local_day TEXT NOT NULL, value REAL NOT NULL, note TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT
        ) STRICT;
        """

    /// "00000000-0000-4000-8000-000000000042": a UUID-shaped unique text, as raw.c formats it.
    static func uid(_ n: Int) -> String {
        "00000000-0000-4000-8000-" + padded(n, 12)
    }

    static func occurredAt(minute: Int) -> String {
        "2026-06-10T" + padded(minute / 60, 2) + ":" + padded(minute % 60, 2) + ":00.000Z"
    }

    static func localDay(_ n: Int) -> String {
        "2026-" + padded(n / 28 % 12 + 1, 2) + "-" + padded(n % 28 + 1, 2)
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
