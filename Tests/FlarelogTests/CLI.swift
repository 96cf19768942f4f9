import Foundation
import Testing
import TestSupport

/// Runs the built `flarelog` binary in a fresh temporary home, the way a person would.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let home: URL
    /// The database path passed with --db unless a test says otherwise.
    let database: String
    var environment: [String: String]

    init(timeZone: String = "UTC") throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("flarelog-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        database = home.appendingPathComponent("data/flarelog.db").path
        // Sanitizer settings (e.g. LeakSanitizer's suppressions in CI) apply to the binary under test too.
        let sanitizerOptions = ProcessInfo.processInfo.environment.filter {
            ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"].contains($0.key)
        }
        environment = [
            "HOME": home.path, "TZ": timeZone, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
        ].merging(sanitizerOptions) { $1 }
    }

    /// `FLARELOG_TEST_BINARY` (CI sets it to the shipped static release build), else the binary next to the
    /// test bundle (SwiftPM builds both into the same folder).
    static let binary: URL = {
        if let shipped = ProcessInfo.processInfo.environment["FLARELOG_TEST_BINARY"] {
            return URL(fileURLWithPath: shipped)
        }
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("flarelog")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/flarelog")
    }()

    /// Runs `flarelog --db <database> arguments…`.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try runRaw(["--db", database] + arguments, stdin: stdin)
    }

    /// Runs `flarelog arguments…` exactly as given.
    @discardableResult
    func runRaw(_ arguments: [String], stdin: String? = nil, extraEnvironment: [String: String] = [:]) throws
        -> Result
    {
        try runProgram(Self.binary.path, arguments, stdin: stdin, extraEnvironment: extraEnvironment)
    }

    /// Runs `program arguments…` in the test's home and environment.
    func runProgram(
        _ program: String, _ arguments: [String], stdin: String? = nil, extraEnvironment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { $1 }
        process.currentDirectoryURL = home
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot fill a pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs and expects success, returning stdout.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "flarelog \(arguments) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs and expects one `flarelog: error:` line and the given status; returns the message.
    @discardableResult
    func fails(
        _ arguments: [String], status: Int32, containing text: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try run(arguments)
        #expect(result.status == status, "status of \(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("flarelog: error: "), sourceLocation: sourceLocation)
        #expect(
            result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation
        )
        if let text {
            #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
        }
        return result.stderr
    }

    func path(_ name: String) -> String { home.appendingPathComponent(name).path }

    /// Parses stdout as a JSON object.
    static func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }
}
