import CTerminal
import FoundationEssentials
import Glibc

/// Where a passphrase comes from, safest first: a file only its owner can read, the terminal, the environment.
/// It is never taken from the command line, where other users see it in the process list.
public enum PassphraseSource {
    /// The environment variable that may hold it: the least safe source (child processes inherit it, and
    /// /proc/PID/environ shows it to the same user).
    public static let environmentVariable = "FLARELOG_PASSPHRASE"

    /// The passphrase from `file` (its first line; the file must be readable by its owner only), else from
    /// FLARELOG_PASSPHRASE, else asked on the terminal, twice when `confirm` (a new file's).
    /// - Throws: `FlareError` 64 for an empty passphrase, a file others can read, two answers that differ, or no
    ///   source at all; 66 for a missing file.
    public static func read(
        file: String?, confirm: Bool, environment: EnvironmentLookup = processEnvironment
    ) throws -> Passphrase {
        if let file { return try fromFile(file) }
        if let text = environment(environmentVariable) {
            guard !text.isEmpty else {
                throw FlareError(.usage, "\(environmentVariable) is empty; an empty passphrase protects nothing")
            }
            return try Passphrase(text)
        }
        return try fromTerminal(confirm: confirm)
    }

    static func fromFile(_ path: String) throws -> Passphrase {
        let (descriptor, info) = try openForReading(path, missing: .missingInput)
        defer { close(descriptor) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FlareError(.usage, "the passphrase file \(path) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw FlareError(
                .usage, "the passphrase file \(path) can be read by others (mode \(mode)); run chmod 600 \(path)")
        }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = try bytes.withUnsafeMutableBytes { try readFully(descriptor, into: $0, path: path) }
        var line = bytes[..<count].prefix { $0 != 0x0A }
        if line.last == 0x0D { line = line.dropLast() }
        guard !line.isEmpty else { throw FlareError(.usage, "the first line of the passphrase file \(path) is empty") }
        return try Passphrase(String(decoding: line, as: UTF8.self))
    }

    /// Asks on /dev/tty with echo off, so that it works when standard input and output are redirected.
    static func fromTerminal(confirm: Bool) throws -> Passphrase {
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else {
            throw FlareError(
                .usage,
                "no terminal to ask for the passphrase on; give --passphrase-file FILE (mode 0600) or set"
                    + " \(environmentVariable)")
        }
        defer { close(terminal) }
        let first = try ask("Passphrase: ", on: terminal)
        guard !first.isEmpty else { throw FlareError(.usage, "the passphrase is empty; choose one") }
        if confirm {
            guard try ask("Passphrase again: ", on: terminal) == first else {
                throw FlareError(.usage, "the two passphrases differ; nothing was written")
            }
        }
        return try Passphrase(first)
    }

    /// One line typed on `terminal` after `prompt`, not shown while typed.
    private static func ask(_ prompt: String, on terminal: Int32) throws -> String {
        var prompt = prompt
        _ = prompt.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: terminal) }
        // Not Swift's termios calls in a defer: a Ctrl-C (or a kill) at the prompt would end the process before
        // the defer ran, leaving the user's shell without echo. The C side puts the terminal back from the
        // signal handler too.
        let hidden = flarelog_echo_off(terminal) == 0
        defer { if hidden { flarelog_echo_restore() } }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(terminal, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else {
                if line.isEmpty { throw FlareError(.usage, "no passphrase was typed") }
                break
            }
            if byte == 0x0A { break }
            line.append(byte)
        }
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
