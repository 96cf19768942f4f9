// libFuzzer target: the other text a person types: values for each kind of item, body regions,
// local days (YYYY-MM-DD) and the day-start setting.
import FlareKit
import Foundation

/// One item of each shape, read from a real catalog: scale 0-10, quantities with and without a maximum, yes/no.
let items: [Item] = {
    let path = NSTemporaryDirectory() + "flarelog-fuzz-values-\(getpid()).db"
    defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
    let database = try! Database(path: path, access: .write)
    return try! [
        database.item(.symptom, named: "fatigue"), database.item(.trigger, named: "sleep"),
        database.item(.trigger, named: "alcohol"), database.item(.trigger, named: "poor posture"),
        database.item(.intervention, named: "yoga"),
    ]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for item in items { _ = try? item.parseValue(text) }
    _ = try? BodyRegion.normalized(text)
    if let day = LocalDay(text) { _ = day.description }
    if let start = DayStart(text) { _ = start.description }
    return 0
}
