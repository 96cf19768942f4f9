import FoundationEssentials
import Glibc

/// Numbers as the report prints them (the exact values are in each row's `data-` attributes).
public enum ReportFormat {
    /// A correlation or rank-biserial: two decimals.
    public static func coefficient(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(printf: "%.2f", value)
    }

    /// An odds ratio or its bound: two decimals below 10, one below 100, none above.
    public static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(printf: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value)
    }

    /// A p or q value: three decimals, "<0.001" below that.
    public static func probability(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return value < 0.001 ? "<0.001" : String(printf: "%.3f", value)
    }

    /// A score or mean: at most one decimal.
    public static func score(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return ValueText.number(value, decimals: 1)
    }

    /// The exact value for a `data-` attribute: Swift's round-tripping description, "" for none.
    public static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return ValueText.exact(value)
    }

    /// The 95% interval of a correlation r from n pairs (Fisher's z: tanh(atanh r ± 1.96/√(n−3))).
    public static func correlationInterval(r: Double?, n: Int) -> (Double, Double)? {
        guard let r, r.isFinite, n > 3, abs(r) < 1 else { return nil }
        let z = atanh(r)
        let half = 1.959963984540054 / Double(n - 3).squareRoot()
        return (tanh(z - half), tanh(z + half))
    }
}

/// The self-contained HTML document of `flarelog report`: inline CSS and SVG, no scripts, no links out.
public enum ReportHTML {
    /// The whole document. `generatedAt` is shown as given (e.g. a local time).
    public static func document(_ data: ReportData, generatedAt: String, version: String) -> String {
        let e = HTMLText.escape
        let strongTests = data.correlation.results.filter {
            [.finding, .possible, .exploratory].contains(AnalysisNarrative.strength($0))
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="flarelog \(e(version))">
            <title>flarelog report \(data.from) to \(data.to)</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <header>
            <h1>Symptom report</h1>
            <p class="period">\(longDate(data.from)) – \(longDate(data.to)) · \(data.calendarDays) days</p>
            <dl class="stats">
            <div><dt>days with entries</dt><dd id="days-observed">\(data.daysObserved)</dd></div>
            <div><dt>entries</dt><dd id="entries">\(data.entryCount)</dd></div>
            <div><dt>flare days</dt><dd id="flare-days">\(data.scores.flareDays.count)</dd></div>
            <div><dt>flare episodes</dt><dd id="flare-episodes">\(data.episodes.count)</dd></div>
            </dl>
            <p class="note">Score = the worst symptom of the day (0–10; ratings such as mood, better when higher, are \
            not part of it). A flare day is a day inside a logged flare episode or with \
            \(HTMLText.escape(data.scores.outcome.flareRule(threshold: data.threshold))).</p>
            \(data.dataElsewhere.map { "<p class=\"note\" id=\"data-elsewhere\">No entries in this period: \(HTMLText.escape($0.whereTheDataIs)).</p>" } ?? "")
            </header>

            """

        let series = data.symptoms.enumerated().map { index, symptom in
            ReportSVG.Series(
                name: symptom.name, colour: ReportSVG.palette[index % ReportSVG.palette.count], values: symptom.values)
        }
        html += section(
            "timeline", "Symptoms day by day",
            "<p class=\"note\">Daily worst value of the \(series.count == 1 ? "most-logged symptom" : "\(series.count) most-logged symptoms")"
                + "; shaded: logged flare episodes.</p>\n"
                + ReportSVG.timeline(series: series, shaded: data.episodes, from: data.from, to: data.to))

        html += "<div class=\"columns\">\n"
        html += section(
            "calendar", "Score calendar",
            ReportSVG.calendar(
                scores: data.scores.scores, flareDays: data.scores.flareDays, from: data.from, to: data.to))
        html += section(
            "regions", "Body regions",
            "<p class=\"note\">Days on which a symptom entry named the region.</p>\n"
                + ReportSVG.bars(data.regions.map { ($0.region, $0.days) }, unit: "days"))
        html += "</div>\n"

        html += assessmentSection(data)
        html += triggerSection(data, strongTests)
        html += interventionSection(data)
        for (trial, analysis) in data.trials { html += trialSection(trial, analysis, today: data.to) }
        html += notesSection(data)
        html += dayNotesSection(data)
        html += """
            <footer>
            <p>\(e(AnalysisNarrative.caution)) A finding needs a permutation q below 0.05: the test is repeated \
            with each trigger's calendar rotated, which keeps slow ups and downs that could otherwise look like a link.</p>
            <p>Generated by flarelog \(e(version)) on \(e(generatedAt)). Everything in this file comes from the \
            local database; it contains no scripts and loads nothing from the network.</p>
            </footer>
            </body>
            </html>

            """
        return html
    }

    /// A trial in the period: its plan, the block means as bars, the numbers and the conclusion.
    private static func trialSection(_ trial: StoredTrial, _ analysis: TrialAnalysis, today: LocalDay) -> String {
        let e = HTMLText.escape
        let plan = trial.plan
        var body = "<p class=\"note\">\(e(TrialNarrative.heading(trial, today: today))). Bars: mean score of "
        body += "each block's A period (\(e(plan.instruction(for: .a))), blue) and B period "
        body += "(\(e(plan.instruction(for: .b))), grey) on the days after the washout; higher is worse.</p>\n"
        body += ReportSVG.trialBlocks(analysis) + "\n<ul class=\"trial-numbers\">\n"
        for line in TrialNarrative.statistics(analysis) { body += "<li>\(e(line))</li>\n" }
        body += "</ul>\n<p><strong>\(e(TrialNarrative.conclusion(analysis)))</strong></p>\n"
        for caution in TrialNarrative.cautions(analysis) { body += "<p class=\"note\">\(e(caution))</p>\n" }
        return section("trial-\(trial.id)", "Trial of \(plan.intervention)", body)
    }

    private static func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(HTMLText.escape(title))</h2>\n\(body)\n</section>\n"
    }

    private static func triggerSection(_ data: ReportData, _ tests: [CorrelationResult]) -> String {
        let e = HTMLText.escape
        let report = data.correlation
        var body = "<p class=\"note\">\(report.flareDays) flare days and \(report.nonflareDays) days without a flare "
        body += "with a score. Each trigger is tested on the same day and 1–3 days before.</p>\n"
        if tests.isEmpty {
            body += "<p class=\"empty\" id=\"no-findings\">No trigger was linked to flare days (q &lt; 0.05) in "
            body += "this period.</p>\n"
        } else {
            body += "<table class=\"findings\">\n<thead><tr><th>Trigger</th><th>Lag (days)</th>"
            body += "<th>Effect (95% CI)</th><th>q</th><th>Permutation q</th><th>Reading</th></tr></thead>\n<tbody>\n"
            for result in tests {
                let strength = AnalysisNarrative.strength(result)
                var attributes = "data-trigger=\"\(e(result.trigger))\" data-lag=\"\(result.lag)\""
                attributes += " data-strength=\"\(strength.rawValue)\" data-q=\"\(ReportFormat.exact(result.q))\""
                attributes += " data-perm-q=\"\(ReportFormat.exact(result.permQ))\""
                let effect: String
                if result.valueType == .boolean {
                    attributes += " data-or=\"\(ReportFormat.exact(result.oddsRatio))\""
                    attributes += " data-or-low=\"\(ReportFormat.exact(result.oddsRatioCI?.first))\""
                    attributes += " data-or-high=\"\(ReportFormat.exact(result.oddsRatioCI?.last))\""
                    effect =
                        "OR <span class=\"or\">\(ReportFormat.ratio(result.oddsRatio))</span> "
                        + "(\(ReportFormat.ratio(result.oddsRatioCI?.first))–\(ReportFormat.ratio(result.oddsRatioCI?.last)))"
                } else {
                    attributes += " data-r=\"\(ReportFormat.exact(result.r))\""
                    let interval = ReportFormat.correlationInterval(r: result.r, n: result.n)
                    effect =
                        "r <span class=\"r\">\(ReportFormat.coefficient(result.r))</span> "
                        + "(\(ReportFormat.coefficient(interval?.0))–\(ReportFormat.coefficient(interval?.1)))"
                }
                body += "<tr class=\"\(strength.rawValue)\" \(attributes)><td>\(e(result.trigger))</td>"
                body += "<td class=\"num\">\(result.lag)</td><td class=\"num\">\(effect)</td>"
                body += "<td class=\"num q\">\(ReportFormat.probability(result.q))</td>"
                body += "<td class=\"num perm-q\">\(ReportFormat.probability(result.permQ))</td>"
                body += "<td>\(e(reading(result)))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        let ok = report.results.filter { $0.status == .ok }.count
        var seen = Set<String>()
        let untested = report.results.filter { $0.status != .ok && seen.insert($0.trigger).inserted }.map(\.trigger)
        body += "<p class=\"note\">\(ok - tests.count) other test(s) showed no clear link."
        if !untested.isEmpty {
            body += " Too little data for at least one lag: \(e(untested.joined(separator: ", ")))."
        }
        body += "</p>\n"
        body += "<p class=\"caution\">\(e(AnalysisNarrative.caution))</p>\n"
        return section("triggers", "Triggers before flare days", body)
    }

    /// A short plain-language reading of one test.
    static func reading(_ result: CorrelationResult) -> String {
        let when = result.lag == 0 ? "the same day" : AnalysisNarrative.lagPhrase(result.lag)
        var text: String
        if let table = result.table {
            let with = table.a + table.b == 0 ? 0 : 100 * table.a / (table.a + table.b)
            let without = table.c + table.d == 0 ? 0 : 100 * table.c / (table.c + table.d)
            text = "\(result.trigger) \(when): flare on \(with)% of days vs \(without)% without"
        } else {
            let direction = (result.r ?? 0) >= 0 ? "Higher" : "Lower"
            text = "\(direction) \(result.trigger) \(when) goes with flare days "
            text += "(mean \(ReportFormat.score(result.meanOnFlare)) vs \(ReportFormat.score(result.meanOffFlare)))"
        }
        switch AnalysisNarrative.strength(result) {
        case .finding: text += " — likely real."
        case .possible: text += " — possible; may be a shared slow drift."
        case .exploratory: text += " — exploratory (under 28 days)."
        default: text += "."
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The latest score of each instrument, its band, the change since the one before, and its trend. Left out
    /// when the period has no assessment: most people never score one, and the report keeps to two pages.
    private static func assessmentSection(_ data: ReportData) -> String {
        let e = HTMLText.escape
        guard !data.assessments.isEmpty else { return "" }
        var body = "<table class=\"assessments\">\n<thead><tr><th>Instrument</th><th>Latest</th><th>Score</th>"
        body += "<th>Band</th><th>Change since the previous</th><th>Over the period</th></tr></thead>\n<tbody>\n"
        for trend in data.assessments {
            let latest = trend.latest
            var attributes = "data-instrument=\"\(trend.instrument.rawValue)\""
            attributes += " data-score=\"\(ReportFormat.exact(latest.score))\""
            attributes += " data-change=\"\(ReportFormat.exact(trend.change))\""
            var change = "first assessment"
            if let previous = trend.previous, let delta = trend.change {
                change = (delta > 0 ? "+" : delta < 0 ? "−" : "±") + Instrument.scoreText(abs(delta))
                if let relative = trend.relativeChange {
                    change +=
                        " (\(relative > 0 ? "+" : relative < 0 ? "−" : "")\(Int((abs(relative) * 100).rounded()))%)"
                }
                change += " since \(longDate(previous.localDay))"
            }
            var band = latest.result.band ?? "–"
            if let met = latest.result.criteriaMet { band += met ? "; criteria met" : "; criteria not met" }
            let points = trend.inPeriod.map { (day: $0.localDay, score: $0.score) }
            body += "<tr \(attributes)><td>\(e(trend.instrument.title))</td><td>\(longDate(latest.localDay))</td>"
            body += "<td class=\"num score\">\(Instrument.scoreText(latest.score))</td><td>\(e(band))</td>"
            body += "<td class=\"change\">\(e(change))</td><td>"
            body += ReportSVG.trend(
                points, range: trend.instrument.scoreRange, from: data.from, to: data.to, label: trend.instrument.title)
            body += "</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        body += "<p class=\"note\">A 30% drop in pain is a moderately important change, and 50% a substantial one "
        body +=
            "(IMMPACT: Dworkin et al., J Pain 2008;9:105-121). The ACR 2016 criteria are a classification rule, not "
        body += "a diagnosis. Sources: "
        body += data.assessments.map { e("\($0.instrument.title): \($0.instrument.source)") }.joined(separator: "; ")
        body += ".</p>\n"
        return section("assessments", "Clinical scores", body)
    }

    private static func interventionSection(_ data: ReportData) -> String {
        let e = HTMLText.escape
        var body = "<p class=\"note\">The next day's score after days with the intervention vs after days without "
        body += "(Mann-Whitney test; a lower score is better).</p>\n"
        guard !data.effects.isEmpty else {
            body += "<p class=\"empty\">No intervention was logged in this period.</p>\n"
            return section("interventions", "Interventions", body)
        }
        body += "<table class=\"effects\">\n<thead><tr><th>Intervention</th><th>Days with / without</th>"
        body += "<th>Median next day with</th><th>without</th><th>Rank-biserial</th><th>p</th><th>Permutation p</th>"
        body += "<th>Reading</th></tr></thead>\n<tbody>\n"
        for report in data.effects {
            let strength = AnalysisNarrative.strength(report)
            var attributes = "data-intervention=\"\(e(report.intervention))\" data-strength=\"\(strength.rawValue)\""
            attributes += " data-median-with=\"\(ReportFormat.exact(report.medianWith))\""
            attributes += " data-median-without=\"\(ReportFormat.exact(report.medianWithout))\""
            attributes +=
                " data-p=\"\(ReportFormat.exact(report.p))\" data-perm-p=\"\(ReportFormat.exact(report.permP))\""
            body += "<tr class=\"\(strength.rawValue)\" \(attributes)><td>\(e(report.intervention))</td>"
            body += "<td class=\"num\">\(report.nWith) / \(report.nWithout)</td>"
            body += "<td class=\"num median-with\">\(ReportFormat.score(report.medianWith))</td>"
            body += "<td class=\"num median-without\">\(ReportFormat.score(report.medianWithout))</td>"
            body += "<td class=\"num\">\(ReportFormat.coefficient(report.rankBiserial))</td>"
            body += "<td class=\"num p\">\(ReportFormat.probability(report.p))</td>"
            body += "<td class=\"num perm-p\">\(ReportFormat.probability(report.permP))</td>"
            body += "<td>\(e(reading(report)))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        return section("interventions", "Interventions", body)
    }

    /// A short plain-language reading of one `effect`.
    static func reading(_ report: EffectReport) -> String {
        guard report.status == .ok else {
            switch report.reason {
            case .tooFewWith: return "Not enough data: fewer than 5 days with it followed by a scored day."
            case .tooFewWithout: return "Not enough data: fewer than 5 days without it followed by a scored day."
            default: return "Not enough data: every score was the same."
            }
        }
        let with = report.medianWith ?? 0
        let without = report.medianWithout ?? 0
        let comparison =
            with < without ? "lower next-day score" : with > without ? "higher next-day score" : "same median next day"
        switch AnalysisNarrative.strength(report) {
        case .finding: return "\(comparison.prefix(1).uppercased() + comparison.dropFirst()) after it — likely real."
        case .possible:
            return "\(comparison.prefix(1).uppercased() + comparison.dropFirst()) — possible, not confirmed."
        case .exploratory: return "Exploratory only (under 28 days)."
        default: return "No clear difference."
        }
    }

    /// The most rows the notes table shows; the rest are counted.
    public static let maximumNoteRows = 40

    private static func notesSection(_ data: ReportData) -> String {
        let e = HTMLText.escape
        guard !data.notes.isEmpty else {
            return section("notes", "Notes on flare days", "<p class=\"empty\">No notes on flare days.</p>")
        }
        // The same note on the same item is one row listing its days.
        var groups: [(item: String, note: String, entries: [ReportNote])] = []
        for note in data.notes {
            if let index = groups.firstIndex(where: { $0.item == note.item && $0.note == note.note }) {
                groups[index].entries.append(note)
            } else {
                groups.append((note.item, note.note, [note]))
            }
        }
        var body = "<table class=\"notes\">\n<thead><tr><th>Day</th><th>Entry</th><th>Note</th></tr></thead>\n<tbody>\n"
        for group in groups.prefix(maximumNoteRows) {
            let days = group.entries.map { ReportSVG.shortDate($0.day) }
            let values = Set(group.entries.map(\.value))
            let entry = group.item + " " + (values.count == 1 ? group.entries[0].value : "(several values)")
            let when =
                group.entries.count == 1
                ? group.entries[0].day.description : "\(days.count) days: " + days.joined(separator: ", ")
            body += "<tr><td class=\"day\">\(e(when))</td><td>\(e(entry))</td>"
            body += "<td class=\"text\">\(e(group.note))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        if groups.count > maximumNoteRows {
            body +=
                "<p class=\"note\">…and \(groups.count - maximumNoteRows) more notes ('flarelog list' shows them).</p>\n"
        }
        return section("notes", "Notes on flare days", body)
    }

    /// The period's notes, oldest first, at most `maximumNoteRows`.
    private static func dayNotesSection(_ data: ReportData) -> String {
        let e = HTMLText.escape
        guard !data.dayNotes.isEmpty else {
            return section("day-notes", "Day notes", "<p class=\"empty\">No notes in this period.</p>")
        }
        var body = "<table class=\"notes\">\n<thead><tr><th>Day</th><th>Note</th></tr></thead>\n<tbody>\n"
        for note in data.dayNotes.prefix(maximumNoteRows) {
            body += "<tr><td class=\"day\">\(e(note.localDay.description))</td>"
            body += "<td class=\"text\">\(e(note.text))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        if data.dayNotes.count > maximumNoteRows {
            body +=
                "<p class=\"note\">…and \(data.dayNotes.count - maximumNoteRows) more notes "
                + "('flarelog list --kind note' shows them).</p>\n"
        }
        return section("day-notes", "Day notes", body)
    }

    /// "Mon 3 Nov 2026".
    static func longDate(_ day: LocalDay) -> String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let (year, month, date) = day.components
        return "\(names[day.isoWeekday - 1]) \(date) \(ReportSVG.monthNames[month - 1]) \(year)"
    }

    static let css = """
        @page { margin: 12mm; }
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Helvetica, Arial, sans-serif; color: #1d1d1f;
          background: #fff; max-width: 1000px; margin: 0 auto; padding: 24px 28px; }
        h1 { font-size: 24px; margin: 0 0 2px; }
        h2 { font-size: 16px; margin: 18px 0 6px; padding-bottom: 3px; border-bottom: 2px solid #1f5fa8; }
        .period { font-size: 15px; margin: 0 0 10px; color: #333; }
        .stats { display: flex; gap: 12px; margin: 0 0 6px; }
        .stats div { border: 1px solid #ccd; border-radius: 6px; padding: 6px 14px; min-width: 120px; }
        .stats dt { font-size: 12px; color: #555; }
        .stats dd { margin: 0; font-size: 22px; font-weight: bold; }
        .note { color: #555; font-size: 12.5px; margin: 2px 0 6px; }
        .empty { color: #666; font-style: italic; }
        .caution { font-size: 12.5px; background: #fff8e1; border-left: 4px solid #f0b400; padding: 5px 8px; }
        .columns { display: flex; gap: 28px; align-items: flex-start; }
        .columns section { flex: 1 1 0; min-width: 0; }
        svg { display: block; }
        svg text { font-family: inherit; }
        svg .axis { font-size: 10px; fill: #555; }
        svg .legend { font-size: 11px; fill: #333; }
        svg .label { font-size: 11px; fill: #222; }
        svg .empty { font-size: 13px; fill: #777; font-style: italic; }
        table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
        th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
        th { background: #f1f4f8; font-weight: 600; }
        td.num { text-align: right; white-space: nowrap; }
        td.day { max-width: 40%; }
        tr.finding td:first-child { font-weight: bold; }
        tr.finding { background: #eef6ee; }
        footer { margin-top: 16px; font-size: 11.5px; color: #555; border-top: 1px solid #ddd; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          h2 { break-after: avoid; margin-top: 12px; }
          svg, tr, .columns, .stats { break-inside: avoid; }
          svg[data-chart="timeline"] { max-height: 58mm; }
          .stats div { padding: 3px 10px; }
          tr.finding, th, .caution { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
}
