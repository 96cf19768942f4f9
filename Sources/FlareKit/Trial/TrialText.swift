extension StoredTrial {
    /// The `trial` object of the JSON documents (README, "Trials").
    public func json(today: LocalDay) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(Int(id))
        object["uid"] = .string(uid)
        object["name"] = .string(plan.intervention)
        object["vs"] = .string(plan.comparison ?? "none")
        object["outcome"] = .string(plan.outcome)
        object["period"] = .int(plan.periodDays)
        object["washout"] = .int(plan.washoutDays)
        object["blocks"] = .int(plan.blocks)
        object["seed"] = .int(Int(plan.seed))
        object["start"] = .string(plan.start.description)
        object["end"] = .string(plan.end.description)
        object["stopped_day"] = .string(stoppedDay?.description)
        object["status"] = .string(status(today: today).rawValue)
        object["periods"] = .array(
            plan.periods.map { period in
                var item = JSONObject()
                item["block"] = .int(period.block)
                item["period"] = .int(period.period)
                item["arm"] = .string(period.arm.rawValue)
                item["treatment"] = .string(plan.name(of: period.arm))
                item["from"] = .string(period.from.description)
                item["analysed_from"] = .string(period.analysedFrom.description)
                item["to"] = .string(period.to.description)
                return .object(item)
            })
        return .object(object)
    }
}

extension TrialAnalysis {
    /// The analysis document without its `trial` member: what the scipy fixtures check.
    public var statisticsJSON: JSONObject {
        var document = JSONObject()
        document["blocks"] = .array(
            blocks.map { block in
                var object = JSONObject()
                object["index"] = .int(block.index)
                object["a_from"] = .string(block.aFrom.description)
                object["a_to"] = .string(block.aTo.description)
                object["b_from"] = .string(block.bFrom.description)
                object["b_to"] = .string(block.bTo.description)
                object["n_a"] = .int(block.nA)
                object["n_b"] = .int(block.nB)
                object["mean_a"] = .number(block.meanA)
                object["mean_b"] = .number(block.meanB)
                object["d"] = .number(block.d)
                object["included"] = .bool(block.included)
                object["a_days_without"] = .int(block.aDaysWithout)
                object["b_days_with"] = .int(block.bDaysWith)
                return .object(object)
            })
        document["mean_difference"] = .number(meanDifference)
        document["sd"] = .number(sd)
        document["t"] = .number(t)
        document["df"] = .int(df)
        document["p_t"] = .number(pT)
        document["ci95"] = ci95.map { .array($0.map { .number($0) }) } ?? .null
        document["p_randomization"] = .number(pRandomization)
        document["autocorrelation_lag1"] = .number(autocorrelationLag1)
        document["p_better"] = .number(pBetter)
        document["p_better_by_1"] = .number(pBetterBy1)
        document["p_better_by_30pct"] = .number(pBetterBy30Percent)
        var adherence = JSONObject()
        adherence["a_days_without"] = .int(aDaysWithout)
        adherence["b_days_with"] = .int(bDaysWith)
        adherence["analysed_days"] = .int(analysedDays)
        document["adherence"] = .object(adherence)
        document["status"] = .string(status.rawValue)
        document["reason"] = .string(reason?.rawValue)
        return document
    }

    /// The document of `trial analyze --format json` (README, "Trials").
    public func json(_ trial: StoredTrial, today: LocalDay) -> JSONValue {
        var document = JSONObject()
        document["trial"] = trial.json(today: today)
        document["direction"] = .string(scoring.direction.rawValue)
        document["through"] = .string(through.description)
        for (key, value) in statisticsJSON.members { document[key] = value }
        document["conclusion"] = .string(TrialNarrative.conclusion(self))
        document["cautions"] = .array(TrialNarrative.cautions(self).map { .string($0) })
        return .object(document)
    }
}

/// The words of `trial`: the calendar, today's instruction, the conclusion and its cautions.
public enum TrialNarrative {
    /// "A single-patient trial …": said under every analysis.
    public static let caution =
        "A single-patient trial tells about you only: it says nothing about how the treatment works for anyone else."

    /// The warning for a design whose two-sided randomisation p can never go below 0.05, with the smallest p
    /// it allows: below 5 blocks not even one-sided (2^−k); with 5 blocks only one-sided (2^−5 against 2^−4).
    public static func fewBlocksWarning(blocks: Int) -> String? {
        let oneSided = 1 / Double(1 << blocks)
        let smallest =
            // Powers of 2 down to 2^−5 print exactly as Swift writes a double.
            "with \(blocks) blocks the smallest possible randomisation p is \(oneSided) one-sided "
            + "(\(2 * oneSided) two-sided)"
        if blocks < TrialPlan.recommendedBlocks {
            return smallest + ", so this trial can never reach p < 0.05; plan \(TrialPlan.recommendedBlocks) "
                + "blocks or more (6 for the two-sided p that 'trial analyze' reports)"
        }
        if 2 * oneSided > 0.05 {
            return smallest + ", and 'trial analyze' reports the two-sided p, which cannot reach 0.05; "
                + "6 blocks can"
        }
        return nil
    }

    /// The plan's heading: "trial 1: yoga vs without yoga, outcome pain, 5 blocks of 2 × 7 days …".
    public static func heading(_ trial: StoredTrial, today: LocalDay) -> String {
        let plan = trial.plan
        return "trial \(trial.id): \(plan.armAName) (A) vs \(plan.armBName) (B), outcome \(plan.outcome); "
            + "\(plan.blocks) blocks of 2 × \(plan.periodDays) days, the first \(plan.washoutDays) of each period "
            + "not analysed; \(plan.start) to \(plan.end), \(trial.status(today: today).rawValue); seed \(plan.seed)"
    }

    /// One line per period: "block 1  period 1  2026-12-05 … 2026-12-11  A  yoga  (analysed from 2026-12-07)".
    public static func calendar(_ plan: TrialPlan) -> [[String]] {
        plan.periods.map { period in
            [
                String(period.block), String(period.period), period.from.description, period.to.description,
                period.arm.rawValue, plan.name(of: period.arm), period.analysedFrom.description,
            ]
        }
    }

    /// What to do today: "day 9 of 70: block 1, period 2 (without yoga), washout ends tomorrow".
    public static func today(_ trial: StoredTrial?, today: LocalDay) -> String {
        guard let trial else { return "no trial is running; plan one with 'flarelog trial plan'" }
        let plan = trial.plan
        switch trial.status(today: today) {
        case .planned:
            let wait = plan.start - today
            return "trial of \(plan.intervention) starts \(wait == 1 ? "tomorrow" : "in \(wait) days") "
                + "(\(plan.start)) with period 1: \(plan.instruction(for: plan.arms[0]))"
        case .stopped, .finished:
            return "trial of \(plan.intervention) ended on \(trial.lastDay); see 'flarelog trial analyze'"
        case .running:
            break
        }
        guard let position = plan.position(of: today) else { return "" }
        var line =
            "day \(today - plan.start + 1) of \(plan.totalDays): block \(position.block), period \(position.period) "
            + "(\(plan.instruction(for: position.arm)))"
        if position.isWashout {
            let left = plan.washoutDays - 1 - position.dayInPeriod
            switch left {
            case 0: line += ", last washout day (not analysed)"
            case 1: line += ", washout ends tomorrow"
            default: line += ", washout ends in \(left) days"
            }
        }
        let periodLeft = plan.periodDays - 1 - position.dayInPeriod
        if periodLeft == 0, position.period < 2 * plan.blocks {
            line += "; tomorrow: \(plan.instruction(for: plan.arms[position.period]))"
        }
        return line
    }

    /// A probability as a percentage: "97.5%", "> 99.9%", "< 0.1%".
    public static func chance(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value > 0.999 { return "> 99.9%" }
        if value < 0.001 { return "< 0.1%" }
        return String(printf: "%.1f", value * 100) + "%"
    }

    /// "p = 0.031 (2 of 64 assignments)": the randomisation p with the count it is made of.
    public static func randomizationP(_ analysis: TrialAnalysis) -> String {
        guard let p = analysis.pRandomization else { return "p = –" }
        let total = 1 << analysis.k
        return AnalysisNarrative.probability("p", p)
            + " (\(Int((p * Double(total)).rounded())) of \(total) assignments)"
    }

    /// One plain sentence with its uncertainty.
    public static func conclusion(_ analysis: TrialAnalysis) -> String {
        let plan = analysis.plan
        guard analysis.status == .ok, let difference = analysis.meanDifference, let interval = analysis.ci95,
            let pRandomization = analysis.pRandomization, let pBetter = analysis.pBetter
        else {
            if analysis.reason == .identicalDifferences {
                return "Every included block shows the same difference, so its uncertainty cannot be estimated."
            }
            return "Not enough data: \(analysis.k) of \(plan.blocks) blocks have at least "
                + "\(TrialAnalysis.minimumDays) days with a value of \(plan.outcome) in both periods; 2 are needed."
        }
        // One decimal: a diary's 0-10 scores do not carry more.
        func points(_ value: Double) -> String { String(printf: "%.1f", value) }
        let evidence =
            "95% interval \(points(interval[0])) to \(points(interval[1])), randomisation "
            + "\(AnalysisNarrative.probability("p", pRandomization)) over \(analysis.k) blocks; probability that "
            + "\(plan.armAName) is better: \(chance(pBetter))"
        let a = plan.instruction(for: .a)
        let b = plan.instruction(for: .b)
        guard interval[0] > 0 || interval[1] < 0 else {
            return
                "The trial cannot tell the days \(a) from the days \(b): \(plan.outcome) differed by \(points(difference)) points "
                + "on average (\(evidence))."
        }
        // The t interval and the randomisation test can disagree with few blocks; then the answer is not clear.
        let clear = pRandomization < 0.05 ? "" : ", but the randomisation test does not confirm it"
        return
            "\(a.prefix(1).uppercased() + a.dropFirst()), \(plan.outcome) was \(difference > 0 ? "better" : "worse") "
            + "by \(points(abs(difference))) points on average than \(b)\(clear) (\(evidence))."
    }

    /// The statistics in words, one line each, for `trial analyze`'s table.
    public static func statistics(_ analysis: TrialAnalysis) -> [String] {
        func number(_ value: Double?) -> String { value.map(ValueText.number) ?? "–" }
        var lines: [String] = []
        if analysis.status == .ok, let interval = analysis.ci95, let df = analysis.df {
            let t = "t = \(number(analysis.t)) with \(df) df, " + AnalysisNarrative.probability("p", analysis.pT)
            lines.append(
                "mean difference \(number(analysis.meanDifference)) (sd \(number(analysis.sd))), \(t), "
                    + "95% interval \(number(interval[0])) to \(number(interval[1]))")
            lines.append("randomisation (exact, every swap of A and B inside the blocks): " + randomizationP(analysis))
            let thirty = number(analysis.meanB.map { 0.3 * $0 })
            lines.append(
                "probability that \(analysis.plan.armAName) is better: \(chance(analysis.pBetter)); by at least "
                    + "1 point: \(chance(analysis.pBetterBy1)); by at least 30% of B's mean (\(thirty) points): "
                    + chance(analysis.pBetterBy30Percent))
        }
        lines.append("lag-1 autocorrelation of the daily outcome: \(number(analysis.autocorrelationLag1))")
        lines.append(
            "adherence: \(analysis.aDaysWithout + analysis.bDaysWith) of \(analysis.analysedDays) analysed days off "
                + "plan (A days without \(analysis.plan.intervention): \(analysis.aDaysWithout); B days with it: "
                + "\(analysis.bDaysWith))")
        return lines
    }

    /// The cautions that apply, the single-patient one last.
    public static func cautions(_ analysis: TrialAnalysis) -> [String] {
        var lines: [String] = []
        let left = analysis.blocks.filter { !$0.included }
        if !left.isEmpty, analysis.through >= analysis.plan.end || analysis.status == .ok {
            lines.append(
                "Left out (fewer than \(TrialAnalysis.minimumDays) days with a value in a period): block "
                    + left.map { String($0.index) }.joined(separator: ", ") + ".")
        }
        if analysis.status == .ok, 2 / Double(1 << analysis.k) > 0.05 {
            lines.append(
                "With \(analysis.k) blocks no result can reach p < 0.05: the smallest possible two-sided "
                    + "randomisation p is \(2 / Double(1 << analysis.k)).")
        }
        if let r = analysis.autocorrelationLag1, r > TrialAnalysis.autocorrelationCaution {
            lines.append(
                "Day-to-day autocorrelation is \(ValueText.number(r)) (above \(TrialAnalysis.autocorrelationCaution)): "
                    + "neighbouring days are alike, so longer periods or a longer washout would give a fairer answer.")
        }
        if let share = analysis.offPlanShare, share > TrialAnalysis.adherenceCaution {
            lines.append(
                "\(ValueText.number((share * 100).rounded()))% of the analysed days were off plan "
                    + "(\(analysis.aDaysWithout) A days without \(analysis.plan.intervention), \(analysis.bDaysWith) B "
                    + "days with it): the difference is diluted.")
        }
        lines.append(caution)
        return lines
    }
}
