// libFuzzer target: the --at/--since parser (WhenParser.parse and .day) on arbitrary text, in a zone
// with daylight saving time and with a day start, where the arithmetic has the most edges.
import FlareKit
import Foundation

let berlin = try! Zone(tz: "Europe/Berlin")
let parsers = [
    WhenParser(nowMillis: 1_764_059_400_000, timeZone: berlin),
    WhenParser(nowMillis: 1_743_296_400_000, timeZone: berlin, dayStart: DayStart("04:00")!, allowFuture: true),
    WhenParser(nowMillis: 0, timeZone: try! Zone(tz: "Pacific/Kiritimati")),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    // The first byte picks the parser (the regex-based parser takes milliseconds; one parser a run).
    let parser = parsers[Int(data[0]) % parsers.count]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    _ = try? parser.parse(text)
    _ = try? parser.day(text)
    return 0
}
