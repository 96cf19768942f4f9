import Foundation
import Testing

/// `flarelog config get|set day-start`.
@Suite struct RecordingConfigTests {
    @Test func getAndSetDayStart() throws {
        let cli = try CLI()
        // Without a database the default shows, and nothing is created.
        #expect(try cli.ok(["config", "get", "day-start"]) == "00:00\n")
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        #expect(try cli.ok(["config", "set", "day-start", "4:30"]) == "day-start = 04:30\n")
        #expect(try cli.ok(["config", "get", "day-start"]) == "04:30\n")
        #expect(try cli.counts()["settings"] == 1)
        #expect(try cli.ok(["config", "set", "day-start", "00:00"]) == "day-start = 00:00\n")
        #expect(try cli.counts()["settings"] == 1)
    }

    @Test(arguments: ["25:00", "4", "04:60", "four", "", "04:00:00", " "])
    func aBadValueIsRefused(value: String) throws {
        let cli = try CLI()
        try cli.ok(["config", "set", "day-start", "04:00"])
        let message = try cli.refuses(["config", "set", "day-start", value], status: 65, containing: "day-start")
        #expect(message == "'\(value)' is not a time of day for day-start; use HH:MM such as 04:00")
        #expect(try cli.ok(["config", "get", "day-start"]) == "04:00\n")
    }

    @Test func getReportsAFileThatIsNotAFlarelogDatabase() throws {
        let cli = try CLI()
        let file = cli.path("notes.txt")
        try Data("day-start,04:00\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try cli.runRaw(["--db", file, "config", "get", "day-start"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "flarelog: error: \(file) is not a flarelog database (not an SQLite file); check the --db path\n")
    }

    @Test func unknownKeysAndMissingValuesAreUsageErrors() throws {
        let cli = try CLI()
        try cli.ok(["init"])
        #expect(
            try cli.refuses(["config", "get", "colour"], status: 64, containing: "unknown setting")
                == "unknown setting 'colour'; known: day-start, checkin, backup-encrypt (see 'flarelog config --help')")
        try cli.refuses(["config", "set", "colour", "blue"], status: 64, containing: "unknown setting 'colour'")
        try cli.refuses(["config", "set", "day-start"], status: 64, containing: "needs a value")
        try cli.refuses(["config", "get", "day-start", "04:00"], status: 64, containing: "takes no value")
        try cli.refuses(["config", "delete", "day-start"], status: 64, containing: "delete")
        // A value that looks like an option is not taken as the value.
        try cli.refuses(["config", "set", "day-start", "-1:00"], status: 64, containing: "needs a value")
    }
}
