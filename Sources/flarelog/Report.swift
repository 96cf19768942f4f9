import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a printable, self-contained HTML (or PDF) report for you or your doctor.",
            discussion: """
                The HTML has inline CSS and SVG only: no scripts, fonts or links to load. Without --out or --pdf
                it is written to flarelog-report-YYYY-MM-DD.html (today's date) in the current folder;
                '--out -' prints it. --pdf needs headless Chromium (Debian package 'chromium').
                """)

        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "First local day of the report (default: 89 days before --until).")
        var since: String?
        @Option(parsing: .unconditional, help: "Last local day of the report, inclusive (default: today).")
        var until: String?
        @Option(help: ArgumentHelp("Write the HTML here ('-' for standard output).", valueName: "file.html"))
        var out: String?
        @Option(help: ArgumentHelp("Render to PDF with headless Chromium instead.", valueName: "file.pdf"))
        var pdf: String?
        @Flag(help: "Encrypt the HTML with a passphrase (age format; default file: flarelog-report-DAY.html.age).")
        var encrypt = false
        @OptionGroup var passphrase: PassphraseOptions

        func validate() throws {
            if out != nil && pdf != nil { throw ValidationError("give --out or --pdf, not both") }
            if encrypt && (pdf != nil || out == "-") {
                throw ValidationError("--encrypt writes the HTML to a file; not with --pdf or --out -")
            }
        }

        func run() throws {
            let session = try Session(global, .read)
            let until = try session.day(until) ?? session.parser.today
            let since = try session.day(since) ?? until - 89
            let data = try session.database.reportData(from: since, to: until)
            let html = ReportHTML.document(
                data, generatedAt: session.parser.now.localTimeText.prefix(16).replacingEvery("T", with: " "),
                version: Flarelog.configuration.version)
            let elsewhere = data.dataElsewhere.map { "No entries in this period: \($0.whereTheDataIs)\n" }
            if let pdf {
                try ReportFile.writePDF(
                    html: html, to: pdf, databasePath: session.database.path,
                    chromium: ReportFile.findChromium(path: processEnvironment("PATH")))
                writeToStandardError("Wrote \(pdf)\n")
                if let elsewhere { writeToStandardError(elsewhere) }
                return
            }
            let path = out ?? "flarelog-report-\(session.parser.today).html\(encrypt ? ".age" : "")"
            if path == "-" {
                print(html, terminator: "")
                if let elsewhere { writeToStandardError(elsewhere) }
                return
            }
            try ReportFile.writeHTML(
                html, to: path, databasePath: session.database.path, encryption: encrypt ? passphrase.encryption() : nil
            )
            print("Wrote \(path) (\(since) to \(until): \(data.daysObserved) days with entries)")
            if let elsewhere { print(elsewhere, terminator: "") }
        }
    }
}
