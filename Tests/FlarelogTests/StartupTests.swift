import ArgumentParser
import FlareKit
import Testing

@testable import flarelog

/// Start-up cost guards: what every invocation pays before a command runs.
@Suite struct StartupTests {
    /// Without an explicit `commandName`, swift-argument-parser derives the name with
    /// `String(describing:)` on every run, and that cast scans every protocol conformance record
    /// of the binary (about half of `flarelog --version`'s instructions).
    @Test func everySubcommandIsNamedExplicitly() {
        var unnamed: [String] = []
        var pending: [any ParsableCommand.Type] = [Flarelog.self]
        while let command = pending.popLast() {
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            pending += command.configuration.subcommands
        }
        #expect(unnamed == [])
    }

    /// The enum arguments list their values from `CaseArgument` (no key path built per call).
    @Test func enumArgumentsListTheirRawValues() {
        #expect(OutputFormat.allValueStrings == ["table", "json", "csv"])
        #expect(FlareKit.ItemKind.allValueStrings == ["symptom", "trigger", "intervention"])
        #expect(FlareKit.Aggregate.allValueStrings == FlareKit.Aggregate.allCases.map(\.rawValue))
        #expect(FlareKit.Verification.allValueStrings == ["quick", "full"])
    }

    /// What a parse gives, property by property (the commands are not Equatable).
    static func described(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    /// A subcommand parsed on its own is the very command the whole command line gives.
    @Test(arguments: [
        ["list", "--limit", "5", "--format", "json"], ["--db", "/tmp/a.db", "list", "--kind", "note"],
        ["--db=/tmp/a.db", "log", "stress=4", "fatigue", "--at", "2026-01-01 08:00"],
        ["log", "trigger", "stress", "5"], ["list", "--db", "/tmp/b.db", "--since", "2026-01-01"],
        ["export", "--out", "x.csv", "--format", "csv"], ["--db", "/tmp/a.db", "backup", "--encrypt", "--keep", "3"],
        ["log", "intervention", "yoga", "--note", "gentle", "--", "30"],
        ["correlate", "--lags", "1", "--threshold", "6.5"], ["init"],
    ])
    func aSubcommandParsedOnItsOwnIsTheSame(arguments: [String]) throws {
        let whole = try Flarelog.parseAsRoot(arguments)
        let direct = try #require(DirectSubcommand.parse(arguments))
        #expect(Self.described(direct) == Self.described(whole))
    }

    /// Help, errors, the version, completions and subcommands with subcommands go the whole way, so their
    /// messages name `flarelog`.
    @Test(arguments: [
        ["list", "--help"], ["--db", "/tmp/a.db", "list", "-h"], ["list", "--bogus"], ["list", "--limit", "-1"],
        ["help", "list"], ["--version"], ["list", "--generate-completion-script", "bash"], ["note", "add", "x"],
        ["--db"], [], ["--format", "json", "list"], ["--db=", "edit", "x", "y"], ["--db", "-x", "list"],
    ])
    func everythingElseGoesTheWholeWay(arguments: [String]) {
        #expect(DirectSubcommand.parse(arguments) == nil)
    }
}
