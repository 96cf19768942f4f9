// libFuzzer target: the import parsers (flarelog CSV/JSON, Bearable, Flaredown, Flaredown long) through
// Database.importBytes, the code `flarelog import` runs on a file's bytes, as a dry run that rolls back.
// The first byte picks the format (its low bits) and --strict (its high bit). FlareKit is compiled with
// -enable-testing for this target.
import Foundation

@testable import FlareKit

// libFuzzer calls LLVMFuzzerTestOneInput from one thread only, and the database is created once.
nonisolated(unsafe) let database: Database = {
    let path = NSTemporaryDirectory() + "flarelog-fuzz-import-\(getpid()).db"
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    return try! Database(path: path, access: .write)
}()
let zone = try! Zone(tz: "Europe/Berlin")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let source = ImportSource.allCases[Int(data[0] & 0x7F) % ImportSource.allCases.count]
    let options = ImportOptions(
        source: source, user: nil, dryRun: true, strict: data[0] & 0x80 != 0, timeZone: zone,
        now: "2026-11-25T07:30:00.000Z")
    _ = try? database.importBytes(
        UnsafeRawBufferPointer(start: data + 1, count: size - 1), file: "fuzz.csv", options: options, progress: nil)
    return 0
}
