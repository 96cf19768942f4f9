import ArgumentParser
import FlareKit

extension Flarelog {
    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assess",
            abstract: "Score a clinical questionnaire (ACR 2016, FIQR, BASDAI, ASDAS-CRP) and keep it.",
            discussion: """
                Each instrument takes every answer on the command line, or asks for the ones left out when run in
                a terminal. Nothing is stored until the last answer. docs/assessments.md gives each scoring rule
                with its source.
                """,
            subcommands: [AssessACR2016.self, AssessFIQR.self, AssessBASDAI.self, AssessASDAS.self, AssessList.self])
    }
}

/// What every `assess INSTRUMENT` takes besides its answers: when, an id, and the output format.
struct AssessOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: "When it was answered: the same forms as 'log --at' (default now).")
    var at: String?
    @OptionGroup var recording: RecordingOptions
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if format == .csv { throw ValidationError("--format csv is not available here; use table or json") }
    }

    /// Opens the database (checking --at first, so a typo creates no file).
    func session() throws -> Session {
        try Session(global, .write, allowFuture: recording.allowFuture, times: [at])
    }

    /// Stores the answers and prints the stored assessment; a refused command leaves no new database behind.
    func store(_ session: Session, _ answers: () throws -> AssessmentAnswers) throws {
        try store(session, answered: { _ in (try answers(), nil) })
    }

    /// Stores the answers `answered` gives for the assessment's time, with the lab result an ASDAS took its CRP
    /// from (printed with the assessment, and as `crp_lab` in JSON).
    func store(_ session: Session, answered: (EntryTime) throws -> (AssessmentAnswers, crpLab: LabResult?)) throws {
        try session.removingNewDatabaseOnFailure {
            let time = try session.time(at)
            let (answers, crpLab) = try answered(time)
            let (stored, created) = try session.database.addAssessment(
                answers, uid: recording.recordUID, time: time, now: session.now)
            switch format {
            case .json:
                var json = AssessmentOutput.json(stored)
                if let crpLab, case .object(var object) = json {
                    object["crp_lab"] = LabOutput.json(crpLab)
                    json = .object(object)
                }
                print(json.text)
            case .table, .csv:
                print((created ? "assessed " : "already assessed ") + AssessmentOutput.line(stored))
                if let crpLab {
                    print("  CRP from lab " + LabOutput.line(crpLab) + LabOutput.inMilligramsPerLitre(crpLab))
                }
                for line in AssessmentOutput.notes(stored) { print("  " + line) }
            }
        }
    }
}

extension Instrument: CaseArgument {}

/// Reads a number typed on the command line for `question`.
/// - Throws: `FlareError.usage` for text that is not a number, `.badData` for a number out of range.
func commandLineAnswer(_ text: String, _ question: Question) throws -> Double {
    guard let value = Double(text) else {
        throw FlareError.usage("\(question.label): '\(text)' is not a number (\(question.rangeText))")
    }
    return try question.check(value)
}
