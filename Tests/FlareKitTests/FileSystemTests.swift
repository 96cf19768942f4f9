import Foundation
import Testing
import TestSupport

@testable import FlareKit

/// The C-library helpers that replace corelibs Foundation's file APIs must give the answers flarelog had.
@Suite struct FileSystemTests {
    let folder: TemporaryDirectory

    init() throws { folder = try TemporaryDirectory() }

    /// NSString's `deletingLastPathComponent` and `lastPathComponent`, except "." where NSString gives "".
    @Test(arguments: [
        ("/home/ann/flarelog.db", "/home/ann", "flarelog.db"),
        ("backups/", ".", "backups"),
        ("backups/x.db/", "backups", "x.db"),
        ("/a/b//", "/a", "b"),
        ("a//b", "a", "b"),
        ("/flarelog.db", "/", "flarelog.db"),
        ("//flarelog.db", "/", "flarelog.db"),
        ("/tmp/", "/", "tmp"),
        ("flarelog.db", ".", "flarelog.db"),
        ("./flarelog.db", ".", "flarelog.db"),
        ("../flarelog.db", "..", "flarelog.db"),
        ("/", "/", "/"),
        ("", ".", ""),
    ])
    func pathNameSplitsLikeNSString(path: String, folder: String, last: String) {
        #expect(PathName.folder(of: path) == folder)
        #expect(PathName.lastComponent(of: path) == last)
    }

    @Test(
        arguments: [
            (nil, "/tmp"),
            ("", "/tmp"),
            ("/var/tmp", "/var/tmp"),
            ("/var/tmp/", "/var/tmp"),
            ("/", "/"),
        ] as [(String?, String)])
    func temporaryDirectoryIsTMPDIRElseTmp(variable: String?, expected: String) {
        #expect(temporaryDirectory { $0 == "TMPDIR" ? variable : nil } == expected)
    }

    @Test func temporaryFolderIsNewAndPrivate() throws {
        let made = try #require(makeTemporaryFolder(prefix: "flarekit-tests-"))
        defer { try? FileManager.default.removeItem(atPath: made) }
        #expect(made.hasPrefix(temporaryDirectory() + "/flarekit-tests-"))
        let attributes = try FileManager.default.attributesOfItem(atPath: made)
        #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(makeTemporaryFolder(prefix: "flarekit-tests-") != made)
    }

    @Test func readFileStartGivesTheFirstBytesAndTheSize() throws {
        let path = folder.path("header")
        try Data("SQLite format 3\0 and more".utf8).write(to: URL(fileURLWithPath: path))
        let whole = try readFileStart(path, count: 100)
        #expect(whole.bytes == Array("SQLite format 3\0 and more".utf8))
        #expect(whole.size == 25)
        #expect(try readFileStart(path, count: 6).bytes == Array("SQLite".utf8))
        let error = try #require(throws: FlareError.self) { try readFileStart(folder.path("none"), count: 16) }
        #expect(error == FlareError(.missingInput, "cannot read \(folder.path("none")): No such file or directory"))
    }

    /// Runs `script` with /bin/sh as `ChildProcess` runs Chromium; returns its status and what it wrote to
    /// standard error.
    private func run(_ script: String, environment: [String] = ["PATH=/usr/bin:/bin"], timeout: TimeInterval = 60)
        throws -> (
            status: Int32?, errors: String
        )
    {
        let log = folder.path("errors.log")
        let errors = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(errors >= 0)
        defer { close(errors) }
        let child = try ChildProcess(
            "/bin/sh", arguments: ["sh", "-c", script], environment: environment, standardError: errors)
        let status = child.wait(timeout: timeout)
        return (status, try String(contentsOfFile: log, encoding: .utf8))
    }

    @Test func childProcessGetsNullInputAndOutputAndOnlyItsOwnDescriptors() throws {
        let result = try run(
            "echo lost; read line; echo \"read $? $HOME\" >&2; ls /proc/self/fd >&2",
            environment: ["PATH=/usr/bin:/bin", "HOME=/nowhere"])
        #expect(result.status == 0)
        // 0, 1 and 2, and the descriptor `ls` opened to read the folder.
        #expect(result.errors == "read 1 /nowhere\n0\n1\n2\n3\n")
    }

    @Test func childProcessStatusIsTheExitCodeOrTheSignal() throws {
        #expect(try run("exit 3").status == 3)
        #expect(try run("kill -KILL $$").status == SIGKILL)
    }

    @Test func childProcessThatRunsTooLongIsStopped() throws {
        #expect(try run("exec sleep 60", timeout: 0.2).status == nil)
    }

    @Test func childProcessThatCannotStartThrows() throws {
        let error = try #require(throws: FlareError.self) {
            try ChildProcess(folder.path("none"), arguments: ["none"], environment: [], standardError: 2)
        }
        #expect(error == FlareError(.software, "cannot start \(folder.path("none")): No such file or directory"))
    }

    @Test func writeAtomicallyPublishesAPrivateFileOnlyWhenTheBodySucceeds() throws {
        let path = folder.path("report.html")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try writeAtomically(to: path, leftovers: .export) { descriptor in
                _ = Array("half".utf8).withUnsafeBytes { writeAll($0, to: descriptor) }
                throw Refused()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let written = try writeAtomically(to: path, leftovers: .export) { descriptor in
            var text = "new"
            return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
        }
        #expect(written == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("")) == ["report.html"])
    }

    /// The import input is read, not mapped: a regular file whole, a device or pipe until it ends.
    @Test func readWholeFileReadsRegularFilesAndDevices() throws {
        let path = folder.path("input.csv")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try readWholeFile(path) == bytes)
        #expect(try readWholeFile("/dev/null") == [])
    }

    /// A regular file whose bytes disagree with its size is being changed by another program (a file in /proc
    /// says size 0 and has bytes): refused with 74, never read as if it were whole.
    @Test func readWholeFileRefusesAFileThatIsNotItsMeasuredSize() throws {
        let error = try #require(throws: FlareError.self) { try readWholeFile("/proc/self/status") }
        #expect(error.status == .ioError)
        #expect(error.message.contains("/proc/self/status changed while it was read (0 bytes, then "))
        let missing = try #require(throws: FlareError.self) { try readWholeFile(folder.path("none")) }
        #expect(missing.status == .missingInput)
    }
}
