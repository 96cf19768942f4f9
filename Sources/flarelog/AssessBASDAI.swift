import ArgumentParser
import FlareKit

extension Flarelog {
    struct AssessBASDAI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "basdai",
            abstract: "Bath Ankylosing Spondylitis Disease Activity Index (Garrett et al., J Rheumatol 1994).",
            discussion: """
                Six answers 0-10 about the past week: Q1 fatigue, Q2 spinal pain, Q3 peripheral joint
                pain/swelling, Q4 enthesitis/tenderness, Q5 morning stiffness severity, Q6 morning stiffness
                duration (0 none ... 10 two hours or more).
                Score = (Q1 + Q2 + Q3 + Q4 + (Q5 + Q6) / 2) / 5; 4 or more reads as active disease
                (Garrett et al., J Rheumatol 1994;21:2286-2291).
                Example:  flarelog assess basdai 5 6 3 2 7 4
                """)

        @Argument(help: ArgumentHelp("Q1 to Q6, each 0-10 (none: asked in a terminal).", valueName: "answer"))
        var answers: [String] = []
        @OptionGroup var options: AssessOptions

        func validate() throws {
            guard answers.isEmpty || answers.count == 6 else {
                throw ValidationError("BASDAI takes 6 answers (Q1 to Q6); got \(answers.count)")
            }
        }

        func run() throws {
            let answers: () throws -> AssessmentAnswers
            if self.answers.isEmpty {
                let ask = try Questions(missing: "the 6 BASDAI answers are", command: "basdai")
                answers = { .basdai(try BASDAIAnswers(try BASDAIAnswers.questions.map(ask.number))) }
            } else {
                let given = try BASDAIAnswers(
                    try zip(self.answers, BASDAIAnswers.questions).map { try commandLineAnswer($0, $1) })
                answers = { .basdai(given) }
            }
            try options.store(try options.session(), answers)
        }
    }
}
