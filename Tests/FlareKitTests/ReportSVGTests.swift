import FlareKit
import Foundation
import Testing

/// The SVG builders of `flarelog report`, on hand-made series.
@Suite struct ReportSVGTests {
    let first = LocalDay("2026-11-02")!  // a Monday

    /// The value of a `data-` attribute on the chart's root.
    func attribute(_ name: String, in svg: String) -> String? {
        guard let start = svg.range(of: " data-\(name)=\"") else { return nil }
        let rest = svg[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The `d` of the path drawn for a series, if any.
    func path(_ series: String, in svg: String) -> String? {
        guard let start = svg.range(of: "<path data-series=\"\(series)\" d=\"") else { return nil }
        let rest = svg[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @Test func valueAxisIsTheSymptomScaleWidenedToWholeNumbers() {
        #expect(ReportSVG.valueRange([]) == (0, 10))
        let inside = ReportSVG.Series(name: "pain", colour: "#000", values: [first: 3, first + 1: 7.5])
        #expect(ReportSVG.valueRange([inside]) == (0, 10))
        let wide = ReportSVG.Series(name: "custom", colour: "#000", values: [first: -1.5, first + 1: 12.2])
        #expect(ReportSVG.valueRange([inside, wide]) == (-2, 13))
        #expect(ReportSVG.tickStep(span: 10) == 2)
        #expect(ReportSVG.tickStep(span: 15) == 5)
        #expect(ReportSVG.tickStep(span: 100) == 20)
        #expect(ReportSVG.tickStep(span: 0) == 1)
    }

    @Test func timelineOfAnEmptyPeriodSaysSoAndDrawsNoLine() {
        let svg = ReportSVG.timeline(
            series: [ReportSVG.Series(name: "pain", colour: "#000", values: [:])], shaded: [], from: first,
            to: first + 29)
        #expect(attribute("days", in: svg) == "30")
        #expect(attribute("y-min", in: svg) == "0")
        #expect(attribute("y-max", in: svg) == "10")
        #expect(svg.contains("No symptom entries in this period"))
        #expect(!svg.contains("<path"))
        #expect(!svg.contains("<circle"))
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
    }

    @Test func oneDayPeriodDrawsADotInTheMiddle() {
        let series = ReportSVG.Series(name: "pain", colour: "#000", values: [first: 6])
        let svg = ReportSVG.timeline(
            series: [series], shaded: [DaySpan(start: first, end: first)], from: first, to: first, width: 720)
        #expect(attribute("days", in: svg) == "1")
        #expect(path("pain", in: svg) == nil)
        #expect(count("<circle", in: svg) == 1)
        // The plot runs from x = 34 to 720 − 12 = 708: its middle is 371.
        #expect(svg.contains("cx=\"371\""))
        // The flare shading covers the whole plot width.
        #expect(svg.contains("<rect class=\"flare\" x=\"34\""))
        #expect(svg.contains("width=\"674\""))
    }

    @Test func missingDaysBreakTheLine() {
        // Days 0-2 and 4-5 have values; day 7 is alone; day 9 is outside the period.
        var values: [LocalDay: Double] = [:]
        for offset in [0, 1, 2, 4, 5, 7, 9] { values[first + offset] = Double(offset) }
        let svg = ReportSVG.timeline(
            series: [ReportSVG.Series(name: "pain", colour: "#000", values: values)], shaded: [], from: first,
            to: first + 8)
        let d = path("pain", in: svg) ?? ""
        #expect(count("M", in: d) == 2)
        #expect(count("L", in: d) == 3)
        #expect(count("<circle", in: svg) == 1)
        #expect(attribute("y-max", in: svg) == "10")
    }

    @Test func flareShadingIsClippedToThePeriod() {
        let svg = ReportSVG.timeline(
            series: [],
            shaded: [DaySpan(start: first - 10, end: first - 1), DaySpan(start: first + 8, end: first + 20)],
            from: first, to: first + 9)
        #expect(count("<rect class=\"flare\"", in: svg) == 1)
        #expect(svg.contains("<title>flare 2026-11-10 to 2026-11-11</title>"))
    }

    @Test func namesAreEscapedInCharts() {
        let name = "<script>alert(1)</script> & co"
        let svg = ReportSVG.timeline(
            series: [ReportSVG.Series(name: name, colour: "#000", values: [first: 1, first + 1: 2])], shaded: [],
            from: first, to: first + 1)
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        let bars = ReportSVG.bars([(label: name, value: 3)], unit: "days")
        #expect(!bars.contains("<script"))
        #expect(HTMLText.escape("a<b&c\"d'e>") == "a&lt;b&amp;c&quot;d&#39;e&gt;")
    }

    @Test func calendarHasOneCellPerDayInMondayFirstWeeks() {
        // Wednesday 2026-11-04 to Tuesday 2026-11-17: three week columns.
        let from = first + 2
        let to = first + 15
        let scores: [LocalDay: Double] = [from: 2, from + 1: 9.5, from + 3: 7]
        let svg = ReportSVG.calendar(scores: scores, flareDays: [from + 1, from + 5], from: from, to: to)
        #expect(attribute("days", in: svg) == "14")
        #expect(attribute("weeks", in: svg) == "3")
        #expect(count("<title>", in: svg) == 14)
        #expect(count("class=\"flare-day\"", in: svg) == 2)
        #expect(count("no symptom logged", in: svg) == 11)
        #expect(svg.contains("<title>2026-11-05: score 9.5, flare day</title>"))
        #expect(svg.contains("fill=\"\(ReportSVG.heatColour(9.5))\""))
    }

    @Test func calendarOfOneDayAndOfNoScores() {
        let single = ReportSVG.calendar(scores: [:], flareDays: [], from: first, to: first)
        #expect(attribute("weeks", in: single) == "1")
        #expect(count("<title>", in: single) == 1)
        let sunday = ReportSVG.calendar(scores: [first + 6: 4], flareDays: [], from: first + 6, to: first + 7)
        #expect(attribute("weeks", in: sunday) == "2")
    }

    @Test func barsAreRankedAndLimited() {
        let rows = (1...15).map { (label: "region \($0)", value: 16 - $0) }
        let svg = ReportSVG.bars(rows, unit: "days", limit: 12)
        #expect(attribute("bars", in: svg) == "12")
        #expect(attribute("max", in: svg) == "15")
        #expect(svg.contains("region 12"))
        #expect(!svg.contains("region 13"))
        let empty = ReportSVG.bars([], unit: "days")
        #expect(empty.contains("None recorded in this period"))
        #expect(attribute("bars", in: empty) == "0")
    }

    @Test func reportNumbers() {
        #expect(ReportFormat.probability(0.0004) == "<0.001")
        #expect(ReportFormat.probability(0.04567) == "0.046")
        #expect(ReportFormat.ratio(3.14159) == "3.14")
        #expect(ReportFormat.ratio(12.34) == "12.3")
        #expect(ReportFormat.ratio(nil) == "–")
        #expect(ReportFormat.exact(0.1) == "0.1")
        #expect(ReportFormat.exact(3) == "3")
        let interval = ReportFormat.correlationInterval(r: 0.5, n: 103)
        #expect(abs((interval?.0 ?? 0) - 0.3399) < 0.001)
        #expect(abs((interval?.1 ?? 0) - 0.6318) < 0.001)
        #expect(ReportFormat.correlationInterval(r: 0.5, n: 3) == nil)
    }
}

/// Terminal text of `flarelog summary`: widths, cutting and wrapping.
@Suite struct TerminalTextTests {
    @Test func widthCountsWideCharactersTwice() {
        #expect(TerminalText.width("abc") == 3)
        #expect(TerminalText.width("痛み") == 4)
        #expect(TerminalText.width("▲█–") == 3)
    }

    @Test(arguments: [1, 5, 10, 20])
    func truncateNeverExceedsTheLimit(limit: Int) {
        for text in ["widespread pain and more", "頭痛頭痛頭痛頭痛頭痛頭痛", "short"] {
            let cut = TerminalText.truncate(text, to: limit)
            #expect(TerminalText.width(cut) <= limit)
            if TerminalText.width(text) > limit { #expect(cut.hasSuffix("…")) } else { #expect(cut == text) }
        }
    }

    @Test(arguments: [20, 33, 40, 80])
    func wrapKeepsEveryLineWithinTheWidth(width: Int) {
        let text =
            "poor posture (the same day): a flare came on 60% of days with poor posture vs 20% of days "
            + "without; supercalifragilisticexpialidociousandthensomemorewordsglued OR = 6"
        let lines = TerminalText.wrap(text, to: width, first: "• ", indent: "  ")
        #expect(lines.allSatisfy { TerminalText.width($0) <= width })
        #expect(lines[0].hasPrefix("• "))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") })
        let words = lines.joined(separator: " ").split(separator: " ").joined()
        #expect(words.replacingOccurrences(of: "•", with: "") == text.split(separator: " ").joined())
    }
}
