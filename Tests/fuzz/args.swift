// libFuzzer target: the command line. The input is split into arguments at NUL bytes (and, when it
// has none, at spaces) and parsed with Flarelog.parseAsRoot, then validated; nothing is run.
import ArgumentParser
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let separator: UInt8 = bytes.contains(0) ? 0 : UInt8(ascii: " ")
    let arguments = bytes.split(separator: separator, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    if let command = try? Flarelog.parseAsRoot(arguments) {
        _ = command  // parsed and validated (parseAsRoot calls validate())
    } else {
        _ = Flarelog.message(for: CleanExit.helpRequest())
    }
    return 0
}
