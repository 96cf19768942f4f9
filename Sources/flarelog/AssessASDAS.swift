import ArgumentParser
import FlareKit

extension Flarelog {
    struct AssessASDAS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "asdas",
            abstract: "Ankylosing Spondylitis Disease Activity Score with CRP (Lukas et al., Ann Rheum Dis 2009).",
            discussion: """
                ASDAS-CRP = 0.121 x back pain + 0.110 x patient global + 0.073 x peripheral pain/swelling
                + 0.058 x morning stiffness duration + 0.579 x ln(CRP + 1), the four answers 0-10 and CRP in mg/L
                (Lukas et al., Ann Rheum Dis 2009;68:18-24). A CRP below 2 mg/L counts as 2 (Machado et al.,
                Arthritis Rheumatol 2015;67:408-413). Bands (Machado et al., Ann Rheum Dis 2018;77:1539):
                below 1.3 inactive, 1.3 to below 2.1 low, 2.1-3.5 high, above 3.5 very high disease activity.
                Without --crp, the CRP is the latest 'flarelog lab crp' result of the assessment's day or the
                14 days before it (mg/dL taken times 10); with none, it is asked in a terminal, and from a pipe
                the command fails (exit 64).
                Example:  flarelog assess asdas --back-pain 5 --patient-global 4 --peripheral 2 \\
                            --stiffness-duration 5 --crp 8
                """)

        @Option(help: "Back pain over the past week, 0-10.") var backPain: String?
        @Option(help: "How active your disease was over the past week, 0-10.") var patientGlobal: String?
        @Option(help: "Peripheral joint pain/swelling, 0-10.") var peripheral: String?
        @Option(help: "Morning stiffness duration, 0 none ... 10 two hours or more.") var stiffnessDuration: String?
        @Option(
            help: ArgumentHelp(
                "C-reactive protein in mg/L (default: the latest 'lab crp' of the day or the 14 days before).",
                valueName: "mg/L"))
        var crp: String?
        @OptionGroup var options: AssessOptions

        func run() throws {
            let texts = [backPain, patientGlobal, peripheral, stiffnessDuration, crp]
            let given = try zip(texts, ASDASAnswers.questions).map { text, question in
                try text.map { try commandLineAnswer($0, question) }
            }
            // A CRP left out comes from a lab result, looked up once the assessment's day is known.
            let missing = zip(given, ["--back-pain", "--patient-global", "--peripheral", "--stiffness-duration"])
                .filter { $0.0 == nil }.map(\.1)
            let ask =
                missing.isEmpty
                ? nil
                : try Questions(
                    missing: missing.joined(separator: ", ") + (missing.count == 1 ? " is" : " are"), command: "asdas")
            let session = try options.session()
            try options.store(session) { time in
                let values = try zip(given.prefix(4), ASDASAnswers.questions).map { value, question in
                    try value ?? ask?.number(question) ?? question.range.lowerBound
                }
                let (crp, lab): (Double, LabResult?) =
                    try given[4].map { ($0, nil) } ?? labCRP(session.database, on: time.localDay, ask)
                return (
                    .asdasCRP(
                        try ASDASAnswers(
                            backPain: values[0], patientGlobal: values[1], peripheral: values[2],
                            stiffnessDuration: values[3], crp: crp)), lab
                )
            }
        }

        /// The latest `lab crp` of the assessment's day or the 14 days before, else the CRP asked in a terminal.
        /// - Throws: `FlareError.usage` from a pipe or a file when there is no such lab result.
        private func labCRP(_ database: Database, on day: LocalDay, _ ask: Questions?) throws -> (Double, LabResult?) {
            if let lab = try database.crpForAssessment(on: day), let crp = lab.crpMilligramsPerLitre {
                return (crp, lab)
            }
            let since = day - LabResult.crpDays
            guard let ask = ask ?? Questions.inTerminal else {
                throw FlareError.usage(
                    "no CRP: no 'lab crp' result from \(since) to \(day); give --crp MG_L or first record one with"
                        + " 'flarelog lab crp VALUE mg/L'; nothing was stored")
            }
            writeToStandardError("no 'lab crp' result from \(since) to \(day)\n")
            return (try ask.number(ASDASAnswers.questions[4]), nil)
        }
    }
}
