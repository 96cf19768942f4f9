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
}
