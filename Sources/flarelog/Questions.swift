import FlareKit
import Glibc

/// Asks for answers a command line left out: prompts on standard error (standard output carries only the
/// result), answers read from standard input. Only a terminal is asked; a pipe or file gets an error at once,
/// so that a script never waits for an answer it cannot give.
struct Questions {
    /// Fails unless standard input is a terminal, saying what was left out.
    /// - Throws: `FlareError.usage` naming `missing` and the scriptable form.
    init(missing: String, command: String) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw FlareError.usage(
                "\(missing) not given; give every answer on the command line (see 'flarelog assess \(command) --help')"
                    + " or run it in a terminal to be asked; nothing was stored")
        }
    }

    /// Questions when standard input is a terminal; nil from a pipe or a file, which is never asked.
    static var inTerminal: Questions? { isatty(STDIN_FILENO) == 1 ? Questions() : nil }

    private init() {}

    /// One line typed in answer to `prompt`, trimmed.
    /// - Throws: `FlareError.usage` at the end of input: nothing is stored.
    func line(_ prompt: String) throws -> String {
        writeToStandardError(prompt)
        guard let line = readLine() else {
            writeToStandardError("\n")
            throw FlareError.usage("the questions were not all answered; nothing was stored")
        }
        return line.trimmed()
    }

    /// A number for `question`, asked again until it is in range.
    func number(_ question: Question) throws -> Double {
        // Without `optional` an empty answer is asked again, so there is always a number.
        try numberOrSkip(question, optional: false) ?? question.range.lowerBound
    }

    /// A number for `question`, asked again until it is in range; nil for an empty answer where `optional`.
    func numberOrSkip(_ question: Question, optional: Bool = true) throws -> Double? {
        let hint = question.hint.isEmpty ? "" : "; \(question.hint)"
        while true {
            let text = try line(
                "\(question.label) (\(question.rangeText)\(hint)\(optional ? "; Enter to skip" : "")): ")
            if text.isEmpty && optional { return nil }
            do {
                guard let value = Double(text) else { throw FlareError.badData("'\(text)' is not a number") }
                return try question.check(value)
            } catch let error as FlareError {
                writeToStandardError("  \(error.message); try again\n")
            }
        }
    }

    /// A yes or no for `prompt`, asked again until it is one.
    func yesNo(_ prompt: String) throws -> Bool {
        while true {
            switch try line("\(prompt) (yes/no): ").lowercased() {
            case "y", "yes": return true
            case "n", "no": return false
            default: writeToStandardError("  answer yes or no\n")
            }
        }
    }
}
