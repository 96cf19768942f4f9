import FoundationEssentials
import Glibc

/// Writing the report: a private temporary file renamed into place, and PDF through headless Chromium.
public enum ReportFile {
    /// Writes the HTML report to `path` atomically, unless `path` is the database at `databasePath`, a backup
    /// or any other file but an earlier HTML report (`OutputTarget.check`).
    ///
    /// - Throws: `FlareError` (73 when the file is refused or cannot be created, 74 when writing fails).
    public static func writeHTML(
        _ html: String, to path: String, databasePath: String, encryption: Encryption? = nil
    ) throws {
        try OutputTarget.check(path, kind: .htmlReport, databasePath: databasePath, passphrase: encryption?.passphrase)
        guard let encryption else { return try write(Data(html.utf8), to: path) }
        var html = html
        try EncryptedFile.writeSealed(to: path, leftovers: .report, encryption) { writer in
            try html.withUTF8 { try writer.write(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Writes `data` to `path` atomically: a new `0600` file next to it, synced, then renamed over `path`.
    ///
    /// - Throws: `FlareError` (73 when the file cannot be created, 74 when writing fails).
    static func write(_ data: Data, to path: String) throws {
        try writeAtomically(to: path, leftovers: .report) { descriptor in
            let failure = data.withUnsafeBytes { writeAll($0, to: descriptor) }
            guard failure == 0 else { throw FlareError.writeFailure(failure, path: path) }
        }
    }

    /// The Chromium binaries tried for `--pdf`, in order, on `PATH`.
    public static let chromiumNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The first Chromium on `PATH`, or nil.
    public static func findChromium(path: String?) -> String? {
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in chromiumNames {
            for folder in folders where !folder.isEmpty {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Renders `html` to a PDF at `path` with headless Chromium (a throwaway profile; the HTML has no scripts).
    ///
    /// - Throws: `FlareError` 70 when Chromium is missing, fails or times out; 73/74 when the file cannot be written.
    public static func writePDF(
        html: String, to path: String, databasePath: String, chromium: String?, timeout: TimeInterval = 120
    ) throws {
        try OutputTarget.check(path, kind: .pdfReport, databasePath: databasePath)
        guard let chromium else {
            throw FlareError(
                .software,
                "--pdf needs Chromium, which is not installed; install the Debian package 'chromium' "
                    + "(apt-get install chromium), or write HTML with --out and print it from a browser")
        }
        guard let workspace = makeTemporaryFolder(prefix: "flarelog-report-") else {
            throw FlareError(.cannotCreate, "cannot create a temporary folder for the PDF")
        }
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let source = workspace + "/report.html"
        let output = workspace + "/report.pdf"
        try write(Data(html.utf8), to: source)
        // Chromium's messages go to a file, so a chatty Chromium cannot block on a full pipe.
        let log = workspace + "/chromium.log"
        let errors = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard errors >= 0 else { throw FlareError(.cannotCreate, "cannot create a temporary file for the PDF") }
        defer { close(errors) }
        let arguments = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
            "--disable-background-networking",
            "--user-data-dir=\(workspace)/profile", "--no-pdf-header-footer", "--print-to-pdf-no-header",
            "--print-to-pdf=\(output)", URL(fileURLWithPath: source).absoluteString,
        ]
        let environment = ProcessInfo.processInfo.environment.merging(["HOME": workspace]) { $1 }
        let child = try ChildProcess(
            chromium, arguments: arguments, environment: environment.map { "\($0.key)=\($0.value)" },
            standardError: errors)
        guard let status = child.wait(timeout: timeout) else {
            throw FlareError(.software, "\(chromium) did not finish the PDF within \(Int(timeout)) seconds")
        }
        let pdf = FileManager.default.contents(atPath: output) ?? Data()
        guard status == 0, pdf.starts(with: Data("%PDF".utf8)) else {
            let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline)
            let reason =
                (lines.first { $0.contains("ERROR") } ?? lines.first).map(String.init) ?? "exit status \(status)"
            throw FlareError(.software, "\(chromium) could not render the PDF: \(reason)")
        }
        try write(pdf, to: path)
    }
}
