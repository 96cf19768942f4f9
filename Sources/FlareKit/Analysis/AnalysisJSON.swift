// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
extension CorrelationReport {
    /// The JSON document of §4.8 (all keys, in its order).
    public var json: JSONValue {
        var document = JSONObject()
        document["outcome"] = .string(outcome ?? "any symptom")
        document["direction"] = .string(direction.rawValue)
        document["threshold"] = .number(threshold)
        document["flare_rule"] = .string(flareRule)
        document["days_observed"] = .int(daysObserved)
        document["calendar_days"] = .int(calendarDays)
        document["flare_days"] = .int(flareDays)
        document["nonflare_days"] = .int(nonflareDays)
        document["window"] = Self.window(windowFrom, windowTo)
        document["results"] = .array(results.map(\.json))
        return .object(document)
    }

    /// The document on one line.
    public func jsonText() -> String { json.compactText }

    static func window(_ from: LocalDay?, _ to: LocalDay?) -> JSONValue {
        var window = JSONObject()
        window["from"] = .string(from?.description)
        window["to"] = .string(to?.description)
        return .object(window)
    }
}

extension CorrelationResult {
    /// One element of §4.8's `results`.
    public var json: JSONValue {
        var object = JSONObject()
        object["trigger"] = .string(trigger)
        object["kind"] = .string(kind.rawValue)
        object["value_type"] = .string(valueType.rawValue)
        object["lag"] = .int(lag)
        object["n"] = .int(n)
        object["flare_n"] = .int(flareN)
        object["status"] = .string(status.rawValue)
        object["reason"] = .string(reason?.rawValue)
        object["r"] = .number(r)
        object["p"] = .number(p)
        object["q"] = .number(q)
        object["rho"] = .number(rho)
        object["rho_p"] = .number(rhoP)
        object["rho_n"] = .int(rhoN)
        object["mean_on_flare"] = .number(meanOnFlare)
        object["mean_off_flare"] = .number(meanOffFlare)
        object["mean_diff"] = .number(meanDiff)
        object["rr"] = .number(rr)
        object["or"] = .number(oddsRatio)
        object["or_ci"] = oddsRatioCI.map { .array($0.map { .number($0) }) } ?? .null
        object["table"] = table.map { .array([$0.a, $0.b, $0.c, $0.d].map { .int($0) }) } ?? .null
        object["perm_p"] = .number(permP)
        object["perm_q"] = .number(permQ)
        return .object(object)
    }
}

extension EffectReport {
    /// The JSON document of §5 (all keys, in its order).
    public var json: JSONValue {
        var document = JSONObject()
        document["intervention"] = .string(intervention)
        document["outcome"] = .string(outcome ?? "any symptom")
        document["direction"] = .string(scoring.direction.rawValue)
        document["lag"] = .int(lag)
        document["days_observed"] = .int(daysObserved)
        document["calendar_days"] = .int(calendarDays)
        document["window"] = CorrelationReport.window(windowFrom, windowTo)
        document["status"] = .string(status.rawValue)
        document["reason"] = .string(reason?.rawValue)
        document["n_with"] = .int(nWith)
        document["n_without"] = .int(nWithout)
        document["u"] = .number(u)
        document["p"] = .number(p)
        document["rank_biserial"] = .number(rankBiserial)
        document["median_with"] = .number(medianWith)
        document["median_without"] = .number(medianWithout)
        document["mean_with"] = .number(meanWith)
        document["mean_without"] = .number(meanWithout)
        document["perm_p"] = .number(permP)
        return .object(document)
    }

    /// The document on one line.
    public func jsonText() -> String { json.compactText }
}
