import Foundation
import Testing

/// The real `age` command line tool (Debian package `age`), driven through a pseudo-terminal (util-linux `script`):
/// it reads passphrases from the terminal only.
enum AgeTool {
    static let path = "/usr/bin/age"
    static let isInstalled =
        FileManager.default.isExecutableFile(atPath: path)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
    static let missing: Comment = "the age tool is not installed (apt-get install age); .ci/run installs it"

    /// Runs `age ARGUMENTS` on a terminal that gets `typed` as keystrokes (each passphrase and its confirmation).
    /// Returns the exit status and everything the terminal showed.
    @discardableResult
    static func run(_ arguments: [String], typed: [String]) throws -> (status: Int32, screen: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        process.arguments = ["-q", "-e", "-c", ([path] + quoted).joined(separator: " "), "/dev/null"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The terminal keeps what is typed before age asks for it; `script` ends only once its input does.
        input.fileHandleForWriting.write(Data(typed.map { $0 + "\n" }.joined().utf8))
        try input.fileHandleForWriting.close()
        let screen = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: screen, as: UTF8.self))
    }
}
