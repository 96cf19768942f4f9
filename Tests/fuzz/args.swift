// libFuzzer target: the command line. The input is split into arguments at NUL bytes (and, when it
// has none, at spaces) and parsed with Flarelog.parseAsRoot, then validated; nothing is run. Whatever the
// shortcut DirectSubcommand.parse takes must parse the same way as a whole.
import ArgumentParser
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let separator: UInt8 = bytes.contains(0) ? 0 : UInt8(ascii: " ")
    let arguments = bytes.split(separator: separator, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    let whole = try? Flarelog.parseAsRoot(arguments)  // parsed and validated (parseAsRoot calls validate())
    if whole == nil { _ = Flarelog.message(for: CleanExit.helpRequest()) }
    // The shortcut main() takes may only take what the whole parse takes, and give the same command.
    if let direct = DirectSubcommand.parse(arguments) {
        guard let whole, described(whole) == described(direct) else {
            fatalError("DirectSubcommand.parse and Flarelog.parseAsRoot differ on \(arguments)")
        }
    }
    return 0
}

private func described(_ command: any ParsableCommand) -> String {
    var text = ""
    dump(command, to: &text)
    return text
}
