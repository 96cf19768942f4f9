/// Text that fits a terminal: display widths, truncation and word wrap, with optional ANSI colour.
public enum TerminalText {
    /// Columns a string takes in a terminal: 2 for East Asian wide characters and emoji, 0 for controls.
    public static func width(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// `text` cut to `limit` columns, ending with "…" when something was cut.
    public static func truncate(_ text: String, to limit: Int) -> String {
        guard width(text) > limit else { return text }
        guard limit > 0 else { return "" }
        var output = ""
        var used = 0
        for character in text {
            let next = width(of: character)
            if used + next > limit - 1 { break }
            output.append(character)
            used += next
        }
        return output + "…"
    }

    /// Words of `text` in lines of at most `limit` columns; `indent` starts every line after the first.
    /// A word longer than a line is cut into pieces.
    public static func wrap(_ text: String, to limit: Int, first: String = "", indent: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(separator: " ") {
            var word = String(word)
            while true {
                let room = limit - width(line) - (lineHasWord ? 1 : 0)
                if width(word) <= room {
                    line += (lineHasWord ? " " : "") + word
                    lineHasWord = true
                    break
                }
                if lineHasWord {
                    lines.append(line)
                    line = indent
                    lineHasWord = false
                    continue
                }
                // An empty line and a word wider than it: cut the word.
                let available = Swift.max(1, limit - width(line))
                var piece = ""
                var used = 0
                while let character = word.first, used + width(of: character) <= available {
                    piece.append(character)
                    used += width(of: character)
                    word.removeFirst()
                }
                if piece.isEmpty, let character = word.first {
                    piece.append(character)
                    word.removeFirst()
                }
                lines.append(line + piece)
                line = indent
                if word.isEmpty { break }
            }
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }
}

/// How `flarelog summary` prints in a terminal.
public struct SummaryText {
    /// ANSI styles, used only when colour is on.
    enum Style: String {
        case plain = ""
        case bold = "\u{1B}[1m"
        case dim = "\u{1B}[2m"
        case green = "\u{1B}[32m"
        case yellow = "\u{1B}[33m"
        case red = "\u{1B}[31m"
        case boldRed = "\u{1B}[1;31m"
    }

    /// The narrowest layout; a smaller `COLUMNS` is treated as this.
    public static let minimumWidth = 20

    public let width: Int
    public let colour: Bool

    public init(width: Int, colour: Bool) {
        self.width = Swift.max(Self.minimumWidth, width)
        self.colour = colour
    }

    /// The whole summary, every line at most `width` columns, ending with a newline.
    public func render(_ summary: Summary) -> String {
        var lines: [String] = []
        let count = summary.days.count
        lines += wrapped(
            "Summary of the last \(count) day\(count == 1 ? "" : "s"), \(summary.from) to \(summary.to)", .bold)
        lines += wrapped(
            "Score: the worst symptom of the day (0–10; ratings such as mood, better when higher, are not part of "
                + "it). ▲ flare day (\(summary.flareRule)).", .dim)
        if let elsewhere = summary.dataElsewhere {
            lines += wrapped("No entries in these days: " + elsewhere.whereTheDataIs + ".", .bold)
        }
        if let trial = summary.trial { lines += wrapped("trial: " + trial, .bold) }
        lines.append("")
        lines += sparkline(summary)
        lines += dayRows(summary)
        lines.append("")
        lines += averages(summary)
        lines.append("")
        if !summary.latestAssessments.isEmpty {
            let scores = summary.latestAssessments.map { assessment in
                let band = assessment.result.band.map { " \($0)" } ?? ""
                return "\(assessment.instrument.scoreName) \(Instrument.scoreText(assessment.score))\(band)"
                    + " (\(assessment.localDay))"
            }
            lines += wrapped("Latest scores: " + scores.joined(separator: " · "), .plain)
            lines.append("")
        }
        lines += findings(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line made of styled pieces, cut to the width by display columns; colour codes only when on.
    func line(_ pieces: [(String, Style)]) -> String {
        var output = ""
        var used = 0
        for (text, style) in pieces {
            let room = width - used
            let fitted = TerminalText.width(text) <= room ? text : TerminalText.truncate(text, to: room)
            used += TerminalText.width(fitted)
            output += colour && style != .plain && !fitted.isEmpty ? style.rawValue + fitted + "\u{1B}[0m" : fitted
            if fitted != text { break }
        }
        while output.hasSuffix(" ") { output.removeLast() }
        return output
    }

    private func wrapped(_ text: String, _ style: Style, first: String = "", indent: String = "") -> [String] {
        TerminalText.wrap(text, to: width, first: first, indent: indent).map { line([($0, style)]) }
    }

    static func style(of score: Double?) -> Style {
        guard let score else { return .dim }
        return score >= 7 ? .red : score >= 4 ? .yellow : .green
    }

    /// "Score ▁▃▅█" over the last days that fit.
    private func sparkline(_ summary: Summary) -> [String] {
        let label = "Score "
        let room = width - label.count
        guard room >= 5 else { return [] }
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        var pieces: [(String, Style)] = [(label, .bold)]
        for day in summary.days.suffix(room) {
            guard let score = day.score else {
                pieces.append((" ", .plain))
                continue
            }
            let index = Swift.min(7, Swift.max(0, Int((score / 10 * 7).rounded())))
            pieces.append((String(blocks[index]), Self.style(of: score)))
        }
        return [line(pieces), ""]
    }

    private func dayRows(_ summary: Summary) -> [String] {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let barWidth = width >= 60 ? 10 : 5
        let columns = summary.selectedItems
        var lines: [String] = []
        // With --item: one column per item, as wide as its name (4 to 12 columns).
        let columnWidths = (columns ?? []).map { Swift.min(12, Swift.max(4, TerminalText.width($0))) }
        if let columns {
            let lead = String(repeating: " ", count: 10 + barWidth + 5)
            var pieces: [(String, Style)] = [(lead, .plain)]
            for (name, columnWidth) in zip(columns, columnWidths) {
                let cut = TerminalText.truncate(name, to: columnWidth)
                pieces.append((" " + String(repeating: " ", count: columnWidth - TerminalText.width(cut)) + cut, .bold))
            }
            lines.append(line(pieces))
            // Columns that do not fit are left out, and said so.
            var used = lead.count
            let dropped = zip(columns, columnWidths).filter { _, columnWidth in
                used += columnWidth + 1
                return used > width
            }.map(\.0)
            if !dropped.isEmpty {
                lines.insert(
                    contentsOf: wrapped("Not shown (too narrow): " + dropped.joined(separator: ", "), .dim), at: 0)
            }
        }
        for day in summary.days {
            let (_, month, date) = day.day.components
            let label =
                "\(names[day.day.isoWeekday - 1]) \(month < 10 ? "0" : "")\(month)-\(date < 10 ? "0" : "")\(date) "
            var pieces: [(String, Style)] = [(label, .plain)]
            let filled =
                day.score.map { Swift.min(barWidth, Swift.max(0, Int(($0 / 10 * Double(barWidth)).rounded()))) } ?? 0
            pieces.append((String(repeating: "█", count: filled), Self.style(of: day.score)))
            pieces.append((String(repeating: "░", count: barWidth - filled), .dim))
            let scoreText = day.score.map { ValueText.number(($0 * 10).rounded() / 10) } ?? "–"
            let padded = String(repeating: " ", count: Swift.max(0, 3 - TerminalText.width(scoreText))) + scoreText
            pieces.append((padded, day.score == nil ? .dim : .plain))
            pieces.append(day.flare ? (" ▲", .boldRed) : ("  ", .plain))
            if let columns {
                for (name, columnWidth) in zip(columns, columnWidths) {
                    let value = day.items.first { $0.name == name }
                    let text = value.map { Self.shortText($0) } ?? "·"
                    let cut = TerminalText.truncate(text, to: columnWidth)
                    let cell = " " + String(repeating: " ", count: columnWidth - TerminalText.width(cut)) + cut
                    pieces.append((cell, value == nil ? .dim : .plain))
                }
            } else {
                let shown = day.items.filter { $0.value > 0 }.map { item in
                    item.valueType == .boolean ? item.name : item.name + " " + Self.shortText(item)
                }
                if !shown.isEmpty { pieces.append((" " + shown.joined(separator: ", "), .plain)) }
            }
            lines.append(line(pieces))
        }
        return lines
    }

    /// A value with a short unit: "7.25 h", "30 min", "yes".
    static func shortText(_ value: SummaryValue) -> String {
        guard value.valueType != .boolean else { return value.value != 0 ? "yes" : "no" }
        let units = ["hours": "h", "minutes": "min"]
        let number = ValueText.number((value.value * 100).rounded() / 100)
        guard let unit = value.unit, !unit.isEmpty else { return number }
        return number + " " + (units[unit] ?? unit)
    }

    private func averages(_ summary: Summary) -> [String] {
        let days = summary.days.count
        var lines = wrapped(
            "Average daily value, these \(days) days vs the \(days) before (\(summary.previousFrom) to "
                + "\(summary.previousTo)):", .bold)
        if summary.symptoms.isEmpty { lines += wrapped("No symptoms were logged in either period.", .dim, first: "  ") }
        let nameWidth = Swift.min(
            Swift.max(8, summary.symptoms.map { TerminalText.width($0.name) }.max() ?? 8), Swift.max(6, width - 22))
        for symptom in summary.symptoms {
            let name = TerminalText.truncate(symptom.name, to: nameWidth)
            let pad = String(repeating: " ", count: nameWidth - TerminalText.width(name))
            let now = symptom.mean.map { String(printf: "%.1f", $0) } ?? "–"
            let before = symptom.previousMean.map { String(printf: "%.1f", $0) } ?? "–"
            var change = ""
            var style = Style.plain
            if let mean = symptom.mean, let previous = symptom.previousMean {
                let difference = (mean - previous) * 10
                let rounded = difference.rounded() / 10
                change =
                    rounded > 0
                    ? " ↑\(String(printf: "%.1f", rounded))"
                    : rounded < 0 ? " ↓\(String(printf: "%.1f", -rounded))" : " ="
                // A rise is worse for a symptom but better for a rating such as mood.
                let worse = symptom.direction == .worseWhenHigher ? rounded > 0 : rounded < 0
                style = rounded == 0 ? .plain : worse ? .red : .green
            }
            lines.append(
                line([("  " + name + pad + " ", .plain), (now, .bold), (" vs " + before, .plain), (change, style)]))
        }
        lines += wrapped(
            "Flare days: \(summary.flareDays) (the \(days) days before: \(summary.previousFlareDays))", .plain)
        return lines
    }

    private func findings(_ summary: Summary) -> [String] {
        guard let from = summary.analysisFrom, let to = summary.analysisTo else {
            return wrapped("No entries yet, so there is nothing to analyse.", .dim)
        }
        var lines = wrapped("Strongest findings (all entries from \(from) to \(to)):", .bold)
        if summary.findings.isEmpty {
            lines += wrapped(
                "None: no trigger passed the permutation check (permutation q < 0.05). 'flarelog correlate' "
                    + "shows every test.", .plain, first: "  ", indent: "  ")
        }
        for finding in summary.findings {
            lines += wrapped(AnalysisNarrative.line(finding), .plain, first: "• ", indent: "  ")
        }
        lines += wrapped(AnalysisNarrative.caution, .dim)
        return lines
    }
}
