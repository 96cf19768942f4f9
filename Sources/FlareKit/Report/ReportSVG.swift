import FoundationEssentials
import Glibc

/// Escapes text for HTML and SVG content and attribute values.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}

/// The inline SVG charts of `flarelog report`: plain strings, no scripts, no external references.
///
/// Every chart has a `viewBox` and scales to its container; its root carries `data-` attributes
/// (period, axis range) so tests and readers of the source can check what was drawn.
public enum ReportSVG {
    /// A line of the timeline chart.
    public struct Series: Sendable {
        public let name: String
        public let colour: String
        public let values: [LocalDay: Double]

        public init(name: String, colour: String, values: [LocalDay: Double]) {
            self.name = name
            self.colour = colour
            self.values = values
        }
    }

    /// Colours for up to six series, distinguishable in grey print too.
    public static let palette = ["#1f5fa8", "#d9480f", "#2b8a3e", "#862e9c", "#5c677d", "#c2255c"]

    /// The value axis of the timeline: 0…10 (the symptom scale), widened to whole numbers that hold every value.
    public static func valueRange(_ series: [Series]) -> (min: Double, max: Double) {
        let values = series.flatMap(\.values.values).filter(\.isFinite)
        let low = Swift.min(0, (values.min() ?? 0).rounded(.down))
        let high = Swift.max(10, (values.max() ?? 10).rounded(.up))
        return (low, high)
    }

    /// A step between axis ticks that gives about five ticks: 1, 2 or 5 times a power of ten.
    public static func tickStep(span: Double) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / 5
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw { return factor * power }
        return 10 * power
    }

    /// Daily values of each series over `from`…`to` as lines (broken where a day has no value, a dot for an
    /// isolated day), with the `shaded` spans (flare episodes) behind them, a value axis and date labels.
    public static func timeline(
        series: [Series], shaded: [DaySpan], from: LocalDay, to: LocalDay, width: Double = 720, height: Double = 230
    ) -> String {
        let days = Swift.max(1, to - from + 1)
        let (left, right, top, bottom) = (34.0, 12.0, 30.0, 26.0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let range = valueRange(series)
        let step = days == 1 ? plotWidth : plotWidth / Double(days - 1)
        func x(_ day: LocalDay) -> Double {
            days == 1 ? left + plotWidth / 2 : left + Double(day - from) * step
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (value - range.min) / (range.max - range.min))
        }
        var svg = svgOpen(
            width: width, height: height, label: "Daily worst value of the most-logged symptoms",
            data: [
                ("chart", "timeline"), ("from", from.description), ("to", to.description), ("days", String(days)),
                ("y-min", number(range.min)), ("y-max", number(range.max)),
            ])
        // Flare episodes: half a day's step either side of their days, kept inside the plot.
        for span in shaded where span.end >= from && span.start <= to {
            let start = Swift.max(span.start, from)
            let end = Swift.min(span.end, to)
            let x0 = Swift.max(left, x(start) - (days == 1 ? plotWidth / 2 : step / 2))
            let x1 = Swift.min(left + plotWidth, x(end) + (days == 1 ? plotWidth / 2 : step / 2))
            svg += "<rect class=\"flare\" x=\"\(number(x0))\" y=\"\(number(top))\" width=\"\(number(x1 - x0))\" "
            svg += "height=\"\(number(plotHeight))\" fill=\"#f8d7da\"><title>flare \(start) to \(end)</title></rect>"
        }
        // Value axis and grid.
        let tick = tickStep(span: range.max - range.min)
        var value = range.min
        while value <= range.max + tick / 1000 {
            let position = number(y(value))
            svg +=
                "<line x1=\"\(number(left))\" x2=\"\(number(left + plotWidth))\" y1=\"\(position)\" y2=\"\(position)\" "
            svg += "stroke=\"#e3e3e3\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(value) + 3.5))\" text-anchor=\"end\" "
            svg += "class=\"axis\">\(number(value))</text>"
            value += tick
        }
        svg += "<line x1=\"\(number(left))\" x2=\"\(number(left))\" y1=\"\(number(top))\" "
        svg += "y2=\"\(number(top + plotHeight))\" stroke=\"#999\" stroke-width=\"1\"/>"
        // Date labels: about six, on whole-day positions.
        let labelEvery = Swift.max(1, Int((Double(days) / 6).rounded(.up)))
        for offset in stride(from: 0, to: days, by: labelEvery) {
            let day = from + offset
            svg += "<text x=\"\(number(x(day)))\" y=\"\(number(height - 8))\" text-anchor=\"middle\" class=\"axis\">"
            svg += "\(shortDate(day))</text>"
        }
        if series.allSatisfy({ $0.values.isEmpty }) {
            svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(top + plotHeight / 2))\" "
            svg += "text-anchor=\"middle\" class=\"empty\">No symptom entries in this period</text>"
        }
        // Lines: one path per series, a new subpath after every missing day.
        for item in series {
            var path = ""
            var dots: [(LocalDay, Double)] = []
            var run: [(LocalDay, Double)] = []
            func flush() {
                if run.count == 1 {
                    dots.append(run[0])
                } else if run.count > 1 {
                    path +=
                        run.enumerated().map { index, point in
                            (index == 0 ? "M" : "L") + number(x(point.0)) + " " + number(y(point.1))
                        }.joined(separator: " ") + " "
                }
                run = []
            }
            for offset in 0..<days {
                let day = from + offset
                if let value = item.values[day], value.isFinite { run.append((day, value)) } else { flush() }
            }
            flush()
            let name = HTMLText.escape(item.name)
            if !path.isEmpty {
                svg += "<path data-series=\"\(name)\" d=\"\(path.trimmed())\" fill=\"none\" "
                svg += "stroke=\"\(item.colour)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>"
            }
            for (day, value) in dots {
                svg += "<circle data-series=\"\(name)\" cx=\"\(number(x(day)))\" cy=\"\(number(y(value)))\" r=\"2.5\" "
                svg += "fill=\"\(item.colour)\"><title>\(name) \(day): \(number(value))</title></circle>"
            }
        }
        // Legend along the top.
        var legendX = left
        for item in series {
            svg += "<line x1=\"\(number(legendX))\" x2=\"\(number(legendX + 16))\" y1=\"12\" y2=\"12\" "
            svg += "stroke=\"\(item.colour)\" stroke-width=\"3\"/>"
            svg += "<text x=\"\(number(legendX + 20))\" y=\"16\" class=\"legend\">\(HTMLText.escape(item.name))</text>"
            legendX += 28 + Double(item.name.count) * 6.5
        }
        if !shaded.isEmpty {
            svg += "<rect x=\"\(number(legendX))\" y=\"6\" width=\"14\" height=\"12\" fill=\"#f8d7da\"/>"
            svg += "<text x=\"\(number(legendX + 18))\" y=\"16\" class=\"legend\">flare episode</text>"
        }
        return svg + "</svg>"
    }

    /// The colour of a score on the heat map (0–10 scale; higher is darker).
    public static func heatColour(_ score: Double) -> String {
        switch score {
        case ..<2: "#fff1dc"
        case ..<4: "#fdd0a2"
        case ..<6: "#fdae6b"
        case ..<7: "#f3803a"
        case ..<9: "#d9480f"
        default: "#8c2d04"
        }
    }

    /// A calendar of `from`…`to`, one column per week (Monday first), each day coloured by its score;
    /// days without a score are grey, flare days are outlined.
    public static func calendar(scores: [LocalDay: Double], flareDays: Set<LocalDay>, from: LocalDay, to: LocalDay)
        -> String
    {
        let days = Swift.max(1, to - from + 1)
        let firstMonday = from - (from.isoWeekday - 1)
        let weeks = (to - firstMonday) / 7 + 1
        let (cell, gap, left, top) = (13.0, 2.0, 30.0, 18.0)
        let width = left + Double(weeks) * (cell + gap) + 4
        let legendTop = top + 7 * (cell + gap) + 8
        let height = legendTop + 2 * cell + 12
        var svg = svgOpen(
            width: Swift.max(width, 300), height: height, label: "Calendar of daily scores",
            data: [
                ("chart", "calendar"), ("from", from.description), ("to", to.description), ("days", String(days)),
                ("weeks", String(weeks)),
            ], maxScale: 1.4)
        for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")] {
            svg += "<text x=\"\(number(left - 4))\" y=\"\(number(top + Double(row) * (cell + gap) + 10))\" "
            svg += "text-anchor=\"end\" class=\"axis\">\(name)</text>"
        }
        var lastMonth = -1
        for offset in 0..<days {
            let day = from + offset
            let column = (day - firstMonday) / 7
            let row = day.isoWeekday - 1
            let (x, y) = (left + Double(column) * (cell + gap), top + Double(row) * (cell + gap))
            let month = day.components.month
            if month != lastMonth && (row == 0 || offset == 0) {
                svg +=
                    "<text x=\"\(number(x))\" y=\"\(number(top - 6))\" class=\"axis\">\(monthNames[month - 1])</text>"
                lastMonth = month
            }
            let score = scores[day]
            let flare = flareDays.contains(day)
            svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(cell))\" height=\"\(number(cell))\" "
            svg += "rx=\"2\" fill=\"\(score.map(heatColour) ?? "#ececec")\""
            svg += flare ? " stroke=\"#111\" stroke-width=\"1.6\" class=\"flare-day\"" : ""
            svg += "><title>\(day): " + (score.map { "score " + number($0) } ?? "no symptom logged")
            svg += (flare ? ", flare day" : "") + "</title></rect>"
        }
        // Legend.
        var x = left
        svg += "<text x=\"\(number(x))\" y=\"\(number(legendTop + 10))\" class=\"legend\">score</text>"
        x += 34
        for (label, score) in [("0", 0.0), ("2", 2), ("4", 4), ("6", 6), ("7", 7), ("9+", 9)] {
            svg += "<rect x=\"\(number(x))\" y=\"\(number(legendTop))\" width=\"\(number(cell))\" "
            svg += "height=\"\(number(cell))\" rx=\"2\" fill=\"\(heatColour(score))\"/>"
            svg +=
                "<text x=\"\(number(x + cell + 2))\" y=\"\(number(legendTop + 10))\" class=\"legend\">\(label)</text>"
            x += cell + 6 + Double(label.count) * 6
        }
        let second = legendTop + cell + 5
        svg += "<rect x=\"\(number(left + 34))\" y=\"\(number(second))\" width=\"\(number(cell))\" "
        svg += "height=\"\(number(cell))\" rx=\"2\" fill=\"#ececec\" stroke=\"#111\" stroke-width=\"1.6\"/>"
        svg += "<text x=\"\(number(left + 34 + cell + 4))\" y=\"\(number(second + 10))\" class=\"legend\">"
        svg += "flare day (outlined); grey: none logged</text>"
        return svg + "</svg>"
    }

    /// A ranked horizontal bar chart of labelled counts (at most `limit` bars).
    public static func bars(_ rows: [(label: String, value: Int)], unit: String, limit: Int = 12, width: Double = 340)
        -> String
    {
        let shown = Array(rows.prefix(limit))
        let (labelWidth, rowHeight, top) = (130.0, 17.0, 4.0)
        let height = top + Double(Swift.max(1, shown.count)) * rowHeight + 4
        let maximum = Double(shown.map(\.value).max() ?? 0)
        var svg = svgOpen(
            width: width, height: height, label: "Ranked bar chart",
            data: [("chart", "bars"), ("bars", String(shown.count)), ("max", String(Int(maximum)))], maxScale: 1.4)
        guard maximum > 0 else {
            svg += "<text x=\"0\" y=\"16\" class=\"empty\">None recorded in this period</text>"
            return svg + "</svg>"
        }
        let barSpace = width - labelWidth - 44
        for (index, row) in shown.enumerated() {
            let y = top + Double(index) * rowHeight
            let length = Swift.max(1, barSpace * Double(row.value) / maximum)
            let label = HTMLText.escape(row.label)
            svg += "<text x=\"\(number(labelWidth - 6))\" y=\"\(number(y + 12))\" text-anchor=\"end\" "
            svg += "class=\"label\">\(label)</text>"
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 2))\" width=\"\(number(length))\" "
            svg +=
                "height=\"\(number(rowHeight - 5))\" fill=\"#1f5fa8\"><title>\(label): \(row.value) \(unit)</title></rect>"
            svg += "<text x=\"\(number(labelWidth + length + 4))\" y=\"\(number(y + 12))\" class=\"label\">"
            svg += "\(row.value)</text>"
        }
        return svg + "</svg>"
    }

    /// A trial's block means: for each block a bar of A's mean score and one of B's (higher is worse), the
    /// scale from 0 to the larger of 10 and the highest mean; a left-out block is drawn faded.
    public static func trialBlocks(_ analysis: TrialAnalysis, width: Double = 340) -> String {
        let (left, top, height, bottom) = (26.0, 8.0, 120.0, 22.0)
        let blocks = analysis.blocks
        let highest = blocks.flatMap { [$0.meanA, $0.meanB] }.compactMap { $0 }.max() ?? 0
        let scale = Swift.max(10, highest)
        let slot = (width - left) / Double(Swift.max(1, blocks.count))
        let bar = Swift.min(18, slot / 3)
        var svg = svgOpen(
            width: width, height: top + height + bottom, label: "Mean score of each trial block with A and with B",
            data: [("chart", "trial"), ("blocks", String(blocks.count))], maxScale: 1.4)
        for tick in stride(from: 0.0, through: scale, by: scale > 10 ? 5 : 2) {
            let y = top + height * (1 - tick / scale)
            svg += "<line x1=\"\(number(left))\" x2=\"\(number(width))\" y1=\"\(number(y))\" y2=\"\(number(y))\" "
            svg += "stroke=\"#e3e3e3\" stroke-width=\"1\"/><text x=\"\(number(left - 4))\" y=\"\(number(y + 3.5))\" "
            svg += "text-anchor=\"end\" class=\"axis\">\(number(tick))</text>"
        }
        for (index, block) in blocks.enumerated() {
            let x = left + Double(index) * slot + slot / 2
            for (offset, arm, mean, colour) in [
                (-bar, "A", block.meanA, "#1f5fa8"), (0.0, "B", block.meanB, "#9a9a9a"),
            ] {
                guard let mean else { continue }
                let barHeight = height * mean / scale
                svg += "<rect x=\"\(number(x + offset))\" y=\"\(number(top + height - barHeight))\" "
                svg += "width=\"\(number(bar))\" height=\"\(number(barHeight))\" fill=\"\(colour)\""
                svg += block.included ? "" : " opacity=\"0.35\""
                svg += " data-arm=\"\(arm)\" data-block=\"\(block.index)\" data-mean=\"\(ValueText.exact(mean))\">"
                svg += "<title>block \(block.index), \(arm): mean \(ValueText.number(mean))</title></rect>"
            }
            svg += "<text x=\"\(number(x))\" y=\"\(number(top + height + 15))\" text-anchor=\"middle\" "
            svg += "class=\"label\">\(block.index)\(block.included ? "" : " (left out)")</text>"
        }
        return svg + "</svg>"
    }

    /// A small line of one instrument's scores over `from`…`to`, on the instrument's score range, a dot per
    /// assessment.
    public static func trend(
        _ points: [(day: LocalDay, score: Double)], range: ClosedRange<Double>, from: LocalDay, to: LocalDay,
        label: String, width: Double = 260, height: Double = 64
    ) -> String {
        let (left, right, top, bottom) = (26.0, 8.0, 6.0, 16.0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let days = Swift.max(1, to - from)
        let high = Swift.max(range.upperBound, points.map(\.score).max() ?? 0)
        func x(_ day: LocalDay) -> Double { left + plotWidth * Double(day - from) / Double(days) }
        func y(_ score: Double) -> Double {
            top + plotHeight * (1 - (score - range.lowerBound) / (high - range.lowerBound))
        }
        var svg = svgOpen(
            width: width, height: height, label: "\(HTMLText.escape(label)) over the period",
            data: [
                ("chart", "trend"), ("points", String(points.count)), ("y-min", number(range.lowerBound)),
                ("y-max", number(high)),
            ], maxScale: 1.4)
        for value in [range.lowerBound, high] {
            svg += "<text x=\"\(number(left - 4))\" y=\"\(number(y(value) + 3.5))\" text-anchor=\"end\" "
            svg += "class=\"axis\">\(number(value))</text>"
        }
        svg += "<line x1=\"\(number(left))\" x2=\"\(number(left + plotWidth))\" y1=\"\(number(top + plotHeight))\" "
        svg += "y2=\"\(number(top + plotHeight))\" stroke=\"#999\" stroke-width=\"1\"/>"
        svg += "<text x=\"\(number(left))\" y=\"\(number(height - 3))\" class=\"axis\">\(shortDate(from))</text>"
        svg += "<text x=\"\(number(left + plotWidth))\" y=\"\(number(height - 3))\" text-anchor=\"end\" class=\"axis\">"
        svg += "\(shortDate(to))</text>"
        if points.count > 1 {
            let path = points.map { "\(number(x($0.day))),\(number(y($0.score)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>"
        }
        for point in points {
            svg += "<circle cx=\"\(number(x(point.day)))\" cy=\"\(number(y(point.score)))\" r=\"3\" fill=\"#1f5fa8\">"
            svg += "<title>\(point.day): \(Instrument.scoreText(point.score))</title></circle>"
        }
        return svg + "</svg>"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "3 Nov".
    static func shortDate(_ day: LocalDay) -> String {
        let (_, month, date) = day.components
        return "\(date) \(monthNames[month - 1])"
    }

    /// Coordinates with at most one decimal, no trailing ".0".
    static func number(_ value: Double) -> String {
        ValueText.number((value * 10).rounded() / 10, decimals: 1)
    }

    private static func svgOpen(
        width: Double, height: Double, label: String, data: [(String, String)], maxScale: Double? = nil
    ) -> String {
        var svg = "<svg viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(label)\""
        svg += " width=\"100%\""
        // A small chart may grow with the page, but not so much that its text looks out of place.
        if let maxScale { svg += " style=\"max-width:\(number(width * maxScale))px\"" }
        for (key, value) in data { svg += " data-\(key)=\"\(HTMLText.escape(value))\"" }
        return svg + ">"
    }
}
