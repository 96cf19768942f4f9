import Foundation
import Testing

/// Many flarelog processes writing one database at once: every entry lands, none waits in vain.
@Suite struct ConcurrencyTests {
    @Test func eightProcessesLoggingAHundredEntriesEach() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        let writers = 8
        let entriesEach = 100
        // Each writer is a shell loop launching flarelog sequentially; failures are counted by the shell
        // and every stderr line is kept.
        let script = """
            i=0; failed=0
            while [ $i -lt \(entriesEach) ]; do
              "$FLARELOG" --db "$DB" log trigger stress $((i % 11)) --at 2026-06-10T08:00 >/dev/null 2>>"$ERR" \
                || failed=$((failed + 1))
              i=$((i + 1))
            done
            echo "$failed"
            """
        var runs: [(Process, Pipe, String)] = []
        for writer in 0..<writers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            let errors = cli.path("writer-\(writer).err")
            process.environment = cli.environment.merging([
                "FLARELOG": CLI.binary.path, "DB": cli.database, "ERR": errors,
            ]) { $1 }
            let out = Pipe()
            process.standardOutput = out
            runs.append((process, out, errors))
        }
        let started = Date()
        for (process, _, _) in runs { try process.run() }
        var failures = 0
        var stderr = ""
        for (process, out, errors) in runs {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            failures += Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1_000
            stderr += (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        }
        let seconds = Date().timeIntervalSince(started)
        #expect(failures == 0, "\(stderr)")
        #expect(stderr.isEmpty, "\(stderr)")
        #expect(!stderr.contains("database is locked"))
        let counts = try cli.counts()
        #expect(counts["entries"] == writers * entriesEach)
        let listed = try cli.objects(["list", "--limit", "0"])
        #expect(listed.count == writers * entriesEach)
        #expect(Set(listed.compactMap { $0["uid"] as? String }).count == writers * entriesEach)
        #expect(Set(listed.compactMap { $0["id"] as? Int }) == Set(1...(writers * entriesEach)))
        #expect(seconds < 300, "took \(seconds) s")
    }

    @Test func eightProcessesCreatingTheDatabaseAtOnce() throws {
        let cli = try CLI()
        var runs: [(Process, Pipe)] = []
        for _ in 0..<8 {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["--db", cli.database, "log", "trigger", "stress", "3", "--at", "2026-06-10T08:00"]
            process.environment = cli.environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            runs.append((process, err))
        }
        for (process, _) in runs { try process.run() }
        for (process, err) in runs {
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
        }
        let counts = try cli.counts()
        #expect(counts["entries"] == 8)
        #expect(counts["items"] == 42)
    }
}
