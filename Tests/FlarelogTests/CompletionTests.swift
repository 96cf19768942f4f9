import Foundation
import Testing

/// Shell completions from swift-argument-parser, and the custom completion of item names from the database.
@Suite struct CompletionTests {
    let cli: CLI

    init() throws { cli = try CLI() }

    /// The subcommands `flarelog --help` lists.
    func subcommands() throws -> [String] {
        let help = try cli.runRaw(["--help"]).stdout
        let section = try #require(help.components(separatedBy: "SUBCOMMANDS:").last)
        // "  checkin   The daily round …", not the closing "  See 'flarelog help <subcommand>' …".
        return section.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  "), line.dropFirst(2).first != " ", let name = line.split(separator: " ").first,
                name.allSatisfy({ $0.isLowercase })
            else { return nil }
            return String(name)
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func theScriptNamesEverySubcommand(shell: String) throws {
        let names = try subcommands()
        #expect(names.contains("checkin") && names.contains("log") && names.count > 20)
        let script = try cli.runRaw(["--generate-completion-script", shell])
        #expect(script.status == 0)
        for name in names { #expect(script.stdout.contains(name), "\(shell) script lacks \(name)") }
        // Item names are asked of flarelog itself when completing.
        #expect(script.stdout.contains("---completion log -- positional@0"))
    }

    @Test func itemNamesComeFromTheDatabaseNamedOnTheLine() throws {
        try cli.ok(["items", "add", "intervention", "sea swim", "--type", "quantity", "--unit", "minutes"])
        let before = try cli.snapshot()
        let completed = try cli.runRaw([
            "---completion", "log", "--", "positional@0", "4", "3", "flarelog", "--db", cli.database, "log", "Sea",
        ])
        #expect(completed.status == 0)
        #expect(completed.stdout.split(separator: "\n") == ["sea swim"])
        // Without --db on the line: $FLARELOG_DB.
        let fromEnvironment = try cli.runRaw(
            ["---completion", "list", "--", "--item", "2", "0", "flarelog", "list", "--item", ""],
            extraEnvironment: ["FLARELOG_DB": cli.database])
        #expect(fromEnvironment.stdout.split(separator: "\n").contains("sea swim"))
        #expect(fromEnvironment.stdout.split(separator: "\n").contains("widespread pain"))
        #expect(try cli.snapshot() == before)
    }

    @Test func aMissingDatabaseCompletesNothingAndIsNotCreated() throws {
        let missing = cli.path("nothing/here.db")
        let completed = try cli.runRaw([
            "---completion", "log", "--", "positional@0", "4", "0", "flarelog", "--db", missing, "log", "",
        ])
        #expect(completed.status == 0)
        #expect(completed.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: cli.path("nothing")))
    }
}
