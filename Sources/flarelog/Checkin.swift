import ArgumentParser
import FlareKit
import FoundationEssentials
import Glibc

extension Flarelog {
    struct Checkin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkin",
            abstract: "The daily round in a terminal: one question per item you track, all written at the end.",
            discussion: """
                Asks for each item logged on at least 3 of the last 30 days (or the list set with
                flarelog config set checkin "widespread pain, fatigue, stress, sleep, yoga"), then for a note.
                At each question: Enter  not today (keeps an answer given before) · -  not today · =  yesterday's
                value · a number or yes/no · ?  explains · b  back one · q  stop and keep the answers.
                Nothing is written before the end; Ctrl-C or the end of input writes nothing.
                From a script or cron, use one command instead: flarelog log "widespread pain=7" fatigue=6 …
                """)

        @OptionGroup var global: GlobalOptions
        @Option(
            parsing: .unconditional,
            help: "The day (and time) to check in for: yesterday, monday, 2026-11-25 … (default now).")
        var at: String?
        @Flag(help: "Do not ask for a note for the day.") var noNote = false
        @Flag(help: "Accept a time more than 5 minutes in the future.") var allowFuture = false

        func run() throws {
            guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
                throw FlareError.usage(
                    "checkin asks its questions in a terminal; from a script or cron, log in one command: "
                        + "flarelog log \"widespread pain=7\" fatigue=6 …")
            }
            // Read-only until the end: an interrupted check-in leaves no trace, not even a new database.
            let session = try Session(global, .read, allowFuture: allowFuture, times: [at])
            let time = try session.time(at)
            let questions = try session.database.checkinQuestions(for: time.localDay)
            guard !questions.isEmpty else {
                throw FlareError(
                    .missingInput,
                    "nothing to ask: no item was logged on \(Database.checkinMinimumDays) of the 30 days up to "
                        + "\(time.localDay); log with 'flarelog log NAME=VALUE …' or choose the items with "
                        + "flarelog config set checkin \"NAME, NAME, …\"")
            }
            Self.sayNothingWrittenOnInterrupt()
            print(
                "check-in for \(time.localDay): \(questions.count) question\(questions.count == 1 ? "" : "s") "
                    + "(Enter: not today · =: as yesterday · ?: help · b: back · q: stop)")
            var round = CheckinRound(questions: questions, asksForNote: !noNote)
            guard round.ask() else {
                print()
                throw FlareError(.missingInput, "the input ended before the check-in did: nothing written")
            }
            signal(SIGINT, SIG_IGN)  // from here "nothing written" would no longer be true
            try write(round, at: time)
        }

        private func write(_ round: CheckinRound, at time: EntryTime) throws {
            let entries = zip(round.questions, round.answers).compactMap { question, answer in
                answer.map {
                    (
                        entry: NewEntry(
                            uid: UUID().uuidString.lowercased(), value: $0, time: time, note: nil, regions: []),
                        item: question.item
                    )
                }
            }
            let note = round.note.map { NewNote(text: $0, uid: UUID().uuidString.lowercased(), time: time) }
            guard !entries.isEmpty || note != nil else {
                print("nothing answered for \(time.localDay): nothing written")
                return
            }
            let writer = try Session(global, .write, allowFuture: allowFuture)
            let (stored, storedNote) = try writer.removingNewDatabaseOnFailure {
                try writer.database.logAll(entries, note: note, now: writer.now)
            }
            var summary = "checked in for \(time.localDay): \(stored.count) entr\(stored.count == 1 ? "y" : "ies")"
            if !stored.isEmpty {
                summary += " (" + stored.map { "\($0.itemName) \($0.valueText)" }.joined(separator: ", ") + ")"
            }
            print(summary + (storedNote == nil ? "" : " and a note"))
        }

        /// Ctrl-C ends the process as usual, after one line that says nothing was written (nothing has been).
        private static func sayNothingWrittenOnInterrupt() {
            signal(SIGINT) { _ in
                let message: StaticString = "\nflarelog: check-in interrupted: nothing written\n"
                _ = Glibc.write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
                _exit(130)
            }
        }
    }
}

/// The questions of one check-in and the answers given so far, asked one line at a time on the terminal.
struct CheckinRound {
    let questions: [CheckinQuestion]
    let asksForNote: Bool
    /// One per question: the value to store, nil for not today.
    private(set) var answers: [Double?]
    private(set) var note: String?

    init(questions: [CheckinQuestion], asksForNote: Bool) {
        self.questions = questions
        self.asksForNote = asksForNote
        answers = Array(repeating: nil, count: questions.count)
    }

    /// Asks until the last question (or `q`) and the note are answered. Returns false when the input ends first.
    mutating func ask() -> Bool {
        var index = 0
        while index < questions.count {
            let question = questions[index]
            guard let line = Self.prompt(prompt(index)) else { return false }
            do {
                switch try CheckinReply(line, to: question) {
                case .keep: index += 1
                case .clear:
                    answers[index] = nil
                    index += 1
                case .value(let value):
                    answers[index] = value
                    index += 1
                case .explain: print(Self.explanation(question))
                case .back:
                    if index == 0 { print("  this is the first question") } else { index -= 1 }
                case .quit: index = questions.count
                }
            } catch let error as FlareError {
                print("  \(error.message.escapingControls()); ? explains")
            } catch {
                print("  \(error)")
            }
            if index == questions.count, asksForNote {
                guard let text = Self.prompt("note for the day (Enter: none · b: back): ") else { return false }
                switch text.trimmed().lowercased() {
                case "b", "back": index -= 1
                case "", "q": note = nil
                default: note = text
                }
            }
        }
        return true
    }

    /// `[2/5] fatigue (0 to 10; yesterday 6): ` and the answer given, when going back to it.
    private func prompt(_ index: Int) -> String {
        let question = questions[index]
        let item = question.item
        let yesterday = question.yesterday.map { ValueText.value($0, type: item.valueType, unit: item.unit) } ?? "none"
        let answered = answers[index].map { "; answered \(ValueText.value($0, type: item.valueType, unit: item.unit))" }
        return "[\(index + 1)/\(questions.count)] \(item.name) (\(item.allowedRange); yesterday \(yesterday)"
            + "\(answered ?? "")): "
    }

    /// What `?` prints: what the item is, how its day is counted, and the keys.
    static func explanation(_ question: CheckinQuestion) -> String {
        let item = question.item
        let direction =
            item.valueType != .scale
            ? "" : item.direction == .betterWhenHigher ? ", higher is better" : ", higher is worse"
        let day: String
        switch item.aggregate {
        case .max: day = "the day's highest value"
        case .mean: day = "the day's average"
        case .sum: day = "the day's total"
        case .any: day = "yes when any entry is yes"
        }
        let yesterday = question.yesterday.map {
            "yesterday's value (\(ValueText.value($0, type: item.valueType, unit: item.unit)))"
        }
        return """
              \(item.name): a \(item.kind.rawValue), \(item.allowedRange)\(direction); several entries in a day count as \(day)
              Enter: not today (or keep the answer given) · -: not today · =: \(yesterday ?? "yesterday's value (none)") · \
            \(item.valueType == .boolean ? "yes or no" : "a number") · b: back one · q: stop and keep the answers
            """
    }

    /// Shows `text` and reads one line; nil at the end of input.
    private static func prompt(_ text: String) -> String? {
        print(text, terminator: "")
        fflush(nil)  // every output stream: naming stdout is shared mutable state to Swift 6
        return readLine()
    }
}
