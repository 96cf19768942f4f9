import ArgumentParser
import FlareKit
import FoundationEssentials
import Glibc

extension Flarelog {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write everything (items, entries, flares, settings) as CSV or JSON.",
            discussion: """
                Without --out the export goes to standard output. With --out it is written to a temporary file \
                in the same folder and renamed into place (mode 0600), so a failed export leaves no half file. \
                JSON's exported_at is the current time, or $SOURCE_DATE_EPOCH when set. With --encrypt the file is \
                an age file encrypted with a passphrase ('flarelog import' and 'age -d' open it).
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: csv or json.") var format: ExportFileFormat = .csv
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var out: String?
        @Option(help: ArgumentHelp("Only entries from this day on (YYYY-MM-DD, or any --at form).", valueName: "day"))
        var since: String?
        @Option(help: ArgumentHelp("Only entries up to this day (inclusive).", valueName: "day")) var until: String?
        @Flag(help: "Also export deleted entries and flares.") var includeDeleted = false
        @Flag(help: "Encrypt the file with a passphrase (age format; needs --out).") var encrypt = false
        @OptionGroup var passphrase: PassphraseOptions

        func validate() throws {
            if encrypt && (out == nil || out == "-") { throw ValidationError("--encrypt needs --out FILE.age") }
        }

        func run() throws {
            let zone = try Zone.user()
            let database = try global.open(.read)
            let parser = WhenParser(
                now: Date(), timeZone: zone, dayStart: try database.dayStart(), allowFuture: true)
            func day(_ text: String?, _ option: String) throws -> LocalDay? {
                guard let text else { return nil }
                do {
                    return try parser.day(text)
                } catch {
                    throw FlareError(error, option: option)
                }
            }
            let since = try day(since, "since")
            let until = try day(until, "until")
            if let since, let until, since > until {
                throw FlareError.usage("--since \(since) is after --until \(until)")
            }
            let options = ExportOptions(
                format: format.exchange, since: since, until: until, includeDeleted: includeDeleted,
                exportedAt: Self.exportedAt())
            if let out {
                try database.export(options, toFile: out, encryption: encrypt ? passphrase.encryption() : nil)
            } else {
                try database.export(options, toDescriptor: STDOUT_FILENO, name: "standard output")
            }
        }

        /// Now, or $SOURCE_DATE_EPOCH (seconds) for reproducible files.
        static func exportedAt() -> String {
            if let epoch = processEnvironment("SOURCE_DATE_EPOCH"), let seconds = Int64(epoch) {
                return Timestamp.format(seconds * 1000)
            }
            return Timestamp.now()
        }
    }
}

/// The formats of `flarelog export`.
enum ExportFileFormat: String, CaseArgument {
    case csv, json

    var exchange: ExchangeFormat { self == .csv ? .csv : .json }
}
