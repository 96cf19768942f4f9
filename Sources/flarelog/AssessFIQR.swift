import ArgumentParser
import FlareKit

extension Flarelog {
    struct AssessFIQR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fiqr",
            abstract: "Revised Fibromyalgia Impact Questionnaire (Bennett et al., Arthritis Res Ther 2009;11:R120).",
            discussion: """
                Answer the 21 items 0-10 from your own copy of the FIQR (flarelog does not reproduce its wording):
                items 1-9 function, 10-11 overall impact, 12-21 symptoms. Give '-' for an item left out.
                Function = sum of items 1-9 / 3 (0-30), impact = sum of items 10-11 (0-20), symptoms = sum of
                items 12-21 / 2 (0-50); total 0-100. A missing item scales its domain's sum by items/answered.
                Example:  flarelog assess fiqr 3 4 5 6 7 2 1 0 9 5 6 7 8 2 3 4 5 6 7 1 10
                """)

        @Argument(
            help: ArgumentHelp("Items 1 to 21, each 0-10 or '-' (none: asked in a terminal).", valueName: "answer"))
        var answers: [String] = []
        @OptionGroup var options: AssessOptions

        func validate() throws {
            guard answers.isEmpty || answers.count == 21 else {
                throw ValidationError("FIQR takes 21 answers ('-' for one left out); got \(answers.count)")
            }
        }

        func run() throws {
            let answers: () throws -> AssessmentAnswers
            if self.answers.isEmpty {
                let ask = try Questions(missing: "the 21 FIQR answers are", command: "fiqr")
                answers = {
                    .fiqr(try FIQRAnswers(try (1...21).map { try ask.numberOrSkip(FIQRAnswers.question(item: $0)) }))
                }
            } else {
                let given = try FIQRAnswers(
                    try self.answers.enumerated().map { index, text in
                        text == "-" ? nil : try commandLineAnswer(text, FIQRAnswers.question(item: index + 1))
                    })
                answers = { .fiqr(given) }
            }
            try options.store(try options.session(), answers)
        }
    }
}
