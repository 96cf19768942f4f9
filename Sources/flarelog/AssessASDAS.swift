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
                Example:  flarelog assess asdas --back-pain 5 --patient-global 4 --peripheral 2 \\
                            --stiffness-duration 5 --crp 8
                """)

        @Option(help: "Back pain over the past week, 0-10.") var backPain: String?
        @Option(help: "How active your disease was over the past week, 0-10.") var patientGlobal: String?
        @Option(help: "Peripheral joint pain/swelling, 0-10.") var peripheral: String?
        @Option(help: "Morning stiffness duration, 0 none ... 10 two hours or more.") var stiffnessDuration: String?
        @Option(help: "C-reactive protein in mg/L, from a lab result.") var crp: String?
        @OptionGroup var options: AssessOptions

        func run() throws {
            let texts = [backPain, patientGlobal, peripheral, stiffnessDuration, crp]
            let given = try zip(texts, ASDASAnswers.questions).map { text, question in
                try text.map { try commandLineAnswer($0, question) }
            }
            let missing = zip(
                given,
                [
                    "--back-pain", "--patient-global", "--peripheral", "--stiffness-duration",
                    "--crp",
                ]
            ).filter { $0.0 == nil }.map(\.1)
            let ask =
                missing.isEmpty
                ? nil
                : try Questions(
                    missing: missing.joined(separator: ", ") + (missing.count == 1 ? " is" : " are"), command: "asdas")
            try options.store(try options.session()) {
                let values = try zip(given, ASDASAnswers.questions).map { value, question in
                    try value ?? ask?.number(question) ?? question.range.lowerBound
                }
                return .asdasCRP(
                    try ASDASAnswers(
                        backPain: values[0], patientGlobal: values[1], peripheral: values[2],
                        stiffnessDuration: values[3], crp: values[4]))
            }
        }
    }
}
