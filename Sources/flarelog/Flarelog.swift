import ArgumentParser
import FlareKit
import FoundationEssentials
import Glibc
import SQLite

@main
struct Flarelog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flarelog",
        abstract: "Track symptoms, triggers and interventions; learn what comes before your flares.",
        version: "0.1.0",
        subcommands: [
            Init.self, Log.self, Checkin.self, NoteCommand.self, List.self, Search.self, Edit.self, Delete.self,
            Undelete.self, Items.self, FlareCommand.self, Assess.self, Lab.self,
            Correlate.self, Effect.self, TrialCommand.self, Summary.self, Report.self, Backup.self, Restore.self,
            Check.self,
            Export.self, Import.self, Config.self, Info.self, Demo.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Private health data: everything this process creates is readable by its owner only.
    static func main() {
        umask(0o077)
        // A file-size limit must give an error to report, not kill the process mid-write.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try DirectSubcommand.parse(Array(CommandLine.arguments.dropFirst())) ?? parseAsRoot()
            try command.run()
        } catch let error as FlareError {
            fail(error.message, status: error.status.rawValue)
        } catch let error as SQLiteError {
            let translated = FlareError(error, path: "the database")
            fail(translated.message, status: translated.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }  // --help, --version
            let lines = fullMessage(for: error).split(separator: "\n").map(String.init)
            let message = lines.first.map { $0.hasPrefix("Error: ") ? String($0.dropFirst(7)) : $0 } ?? "\(error)"
            // The parser's last line names the help of the command that was meant: "See 'flarelog list --help' …".
            let help = lines.last { $0.contains("See '") }?.split(separator: "'").dropFirst().first ?? "flarelog --help"
            fail("\(message) (see '\(help)')", status: code == .validationFailure ? 64 : code.rawValue)
        }
    }

    /// Ends with one line on standard error: control characters in the message (a newline in a --db path, an
    /// ESC sequence in a name) are escaped, so that the line stays one line and the terminal only shows it.
    private static func fail(_ message: String, status: Int32) -> Never {
        writeToStandardError("flarelog: error: \(message.escapingControls())\n")
        Glibc.exit(status)
    }
}
