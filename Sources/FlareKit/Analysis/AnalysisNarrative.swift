// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
import FoundationEssentials

/// Plain-language reading of analysis results (§9's display rule), for people rather than programs.
public enum AnalysisNarrative {
    /// How much to trust a result.
    public enum Strength: String, Sendable {
        /// `perm_q < 0.05` (effect: `perm_p < 0.05`): survives the check that keeps each series' own rhythm.
        case finding
        /// `q < 0.05` (effect: `p < 0.05`) but not the permutation check: may be a shared slow drift.
        case possible
        /// `q < 0.05` with no permutation check possible (fewer than 28 calendar days).
        case exploratory
        /// Nothing below 0.05.
        case noEvidence = "no_evidence"
        /// Too little data to test.
        case insufficient
    }

    public static let caution =
        "Correlation is not causation: a link can come from something else that changes with both, "
        + "and with many tests a few links appear by chance."

    public static func strength(_ result: CorrelationResult) -> Strength {
        guard result.status == .ok else { return .insufficient }
        if let permQ = result.permQ {
            return permQ < 0.05 ? .finding : (result.q ?? 1) < 0.05 ? .possible : .noEvidence
        }
        return (result.q ?? 1) < 0.05 ? .exploratory : .noEvidence
    }

    public static func strength(_ report: EffectReport) -> Strength {
        guard report.status == .ok else { return .insufficient }
        if let permP = report.permP {
            return permP < 0.05 ? .finding : (report.p ?? 1) < 0.05 ? .possible : .noEvidence
        }
        return (report.p ?? 1) < 0.05 ? .exploratory : .noEvidence
    }

    /// "the same day", "the day before", "3 days before".
    public static func lagPhrase(_ lag: Int) -> String {
        switch lag {
        case 0: "the same day"
        case 1: "the day before"
        default: "\(lag) days before"
        }
    }

    /// One line per result, then the caution; ok results first as in the report.
    public static func lines(_ report: CorrelationReport) -> [String] {
        guard report.calendarDays > 0 else { return ["No entries in this period, so there is nothing to analyse."] }
        var lines = [
            "\(report.daysObserved) days with entries from \(report.windowFrom?.description ?? "?") to "
                + "\(report.windowTo?.description ?? "?"): \(report.flareDays) flare days (\(report.flareRule)), "
                + "\(report.nonflareDays) days without."
        ]
        lines += report.results.map(line)
        lines.append(caution)
        return lines
    }

    /// A sentence for one test of `correlate`.
    public static func line(_ result: CorrelationResult) -> String {
        let head = "\(result.trigger) (\(lagPhrase(result.lag)))"
        guard result.status == .ok else { return "\(head): not enough data — \(missing(result))." }
        var text = "\(head): "
        if let table = result.table {
            let with = percent(table.a, table.a + table.b)
            let without = percent(table.c, table.c + table.d)
            let when = result.lag == 0 ? "on" : result.lag == 1 ? "the day after" : "\(result.lag) days after"
            text += "a flare came \(when) \(with) of days with \(result.trigger) vs \(without) of days without; "
            text += "OR = \(ratio(result.oddsRatio)) (95% CI \(ratio(result.oddsRatioCI?.first))–"
            text += "\(ratio(result.oddsRatioCI?.last)))"
        } else {
            let place = result.lag == 0 ? "flare days" : "\(lagPhrase(result.lag)) flare days"
            text += "\(place) had a mean of \(number(result.meanOnFlare)) vs \(number(result.meanOffFlare)) "
            text += result.lag == 0 ? "on other days" : "before other days"
            text += "; r = \(String(printf: "%.2f", result.r ?? 0))"
        }
        text += ", " + probability("q", result.q)
        if let permQ = result.permQ { text += ", " + probability("permutation q", permQ) }
        return text + " — " + verdict(strength(result))
    }

    /// A sentence for `effect`.
    public static func line(_ report: EffectReport) -> String {
        guard report.status == .ok else {
            let need: String
            switch report.reason {
            case .tooFewWith:
                need =
                    "need at least 5 days with \(report.intervention) followed by a day with a score; "
                    + "you have \(report.nWith)"
            case .tooFewWithout:
                need =
                    "need at least 5 days without \(report.intervention) followed by a day with a score; "
                    + "you have \(report.nWithout)"
            default:
                need = "every score in the period was the same"
            }
            return "\(report.intervention): not enough data — \(need)."
        }
        // A rating is shown on its own scale ("median mood 8"), though tested as badness like any score.
        let scoring = report.scoring
        let rating = scoring.direction == .betterWhenHigher
        func shown(_ badness: Double?) -> String { number(badness.map { rating ? scoring.value(ofBadness: $0) : $0 }) }
        var text =
            "after days with \(report.intervention), the next day's median \(rating ? scoring.label : "score") was "
            + "\(shown(report.medianWith)) vs \(shown(report.medianWithout)) without (means \(shown(report.meanWith)) "
            + "vs \(shown(report.meanWithout))); rank-biserial \(String(printf: "%.2f", report.rankBiserial ?? 0)) "
            + "(below 0: \(rating ? "higher \(scoring.label)" : "lower score") after it), " + probability("p", report.p)
        if let permP = report.permP { text += ", " + probability("permutation p", permP) }
        return text + " — " + verdict(strength(report))
    }

    /// The formulas behind the numbers, for `--explain`.
    public static let explainFormulas = """
        How the numbers are computed (docs/analysis.md in the source):
        - Flare day: a logged flare, or a score ≥ the threshold (default 7). The score is the day's value of the
          chosen symptom, or the highest of the worse-when-higher symptoms' daily values; a rating that is better
          when higher (mood) is turned into badness = max + min − value first.
        - Lag k pairs a trigger's value on day t−k with the flare status of day t.
        - Numeric triggers: r = Σ(x−x̄)(f−f̄) / √(Σ(x−x̄)²·Σ(f−f̄)²) (point-biserial), p = I_{1−r²}((n−2)/2, ½);
          Spearman ρ = the same on average ranks, against the score.
        - Yes/no triggers: 2×2 table [a b; c d]; OR = ad/bc and RR = (a/(a+b))/(c/(c+d)), with ½ added to every
          cell when one is 0; 95% CI exp(ln OR ± 1.96·√(1/a+1/b+1/c+1/d)); p = Fisher's exact test (two-sided).
        - q = Benjamini-Hochberg: q_(i) = min over j ≥ i of p_(j)·m/j over the m tests.
        - Permutation p: the trigger's calendar is rotated by up to 999 shifts of at least 7 days, keeping each
          series' own rhythm; perm_p = (1 + shifts at least as extreme) / (valid shifts + 1); permutation q = BH of
          these. A finding needs permutation q < 0.05.
        - effect: scores the day after days with the intervention vs after other days; Mann-Whitney U with tie
          and continuity correction, p = erfc(z/√2); rank-biserial = 2U/(n₁n₂) − 1; permutation p as above.
        """

    private static func missing(_ result: CorrelationResult) -> String {
        switch result.reason {
        case .tooFewPairs:
            "need at least 14 days with both \(result.trigger) (\(lagPhrase(result.lag))) and a flare status; "
                + "you have \(result.n)"
        case .tooFewFlareDays: "need at least 3 flare days; you have \(result.flareN)"
        case .tooFewNonflareDays: "need at least 3 days without a flare; you have \(result.n - result.flareN)"
        case .constantTrigger: "\(result.trigger) had the same value on every one of these days"
        default: "too little data"
        }
    }

    private static func verdict(_ strength: Strength) -> String {
        switch strength {
        case .finding: "likely real"
        case .possible: "possible, but it may only reflect slow ups and downs shared by both series"
        case .exploratory: "exploratory only: fewer than 28 days, too few for the permutation check"
        case .noEvidence: "no clear link"
        case .insufficient: "not enough data"
        }
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        return ValueText.number(value, decimals: 1)
    }

    private static func ratio(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value >= 10 ? String(printf: "%.0f", value) : String(printf: "%.2g", value)
    }

    /// "q = 0.012", "q < 0.001".
    static func probability(_ label: String, _ value: Double?) -> String {
        guard let value else { return "\(label) = –" }
        return value < 0.001 ? "\(label) < 0.001" : "\(label) = " + String(printf: "%.2g", value)
    }

    private static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "–" : "\(Int((100 * Double(part) / Double(whole)).rounded()))%"
    }
}
