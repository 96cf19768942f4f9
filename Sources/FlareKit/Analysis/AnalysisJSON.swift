/// A minimal JSON writer that keeps key order and writes `null` explicitly (JSONEncoder does neither).
struct JSONWriter {
    private(set) var text = ""
    private var needsComma = [false]

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    mutating func key(_ name: String) {
        separate()
        text += JSONWriter.quoted(name)
        text += ":"
        needsComma[needsComma.count - 1] = false
    }

    mutating func beginObject() {
        separate()
        text += "{"
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        text += "}"
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginArray() {
        separate()
        text += "["
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        text += "]"
        needsComma[needsComma.count - 1] = true
    }

    mutating func raw(_ token: String) {
        separate()
        text += token
    }

    mutating func string(_ value: String?) {
        guard let value else { return raw("null") }
        raw(JSONWriter.quoted(value))
    }

    /// Swift's description of a Double is the shortest text that round-trips; non-finite values become null.
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return raw("null") }
        raw("\(value)")
    }

    mutating func integer(_ value: Int?) {
        guard let value else { return raw("null") }
        raw(String(value))
    }

    mutating func field(_ name: String, _ value: Double?) {
        key(name)
        number(value)
    }

    mutating func field(_ name: String, _ value: Int?) {
        key(name)
        integer(value)
    }

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension CorrelationReport {
    /// The JSON document of §4.8 (all keys, in the spec's order, on one line).
    public func jsonText() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("outcome", outcome ?? "any symptom")
        json.field("threshold", threshold)
        json.field("days_observed", daysObserved)
        json.field("calendar_days", calendarDays)
        json.field("flare_days", flareDays)
        json.field("nonflare_days", nonflareDays)
        json.writeWindow(windowFrom, windowTo)
        json.key("results")
        json.beginArray()
        for result in results {
            json.beginObject()
            json.field("trigger", result.trigger)
            json.field("kind", result.kind.rawValue)
            json.field("value_type", result.valueType.rawValue)
            json.field("lag", result.lag)
            json.field("n", result.n)
            json.field("flare_n", result.flareN)
            json.field("status", result.status.rawValue)
            json.field("reason", result.reason?.rawValue)
            json.field("r", result.r)
            json.field("p", result.p)
            json.field("q", result.q)
            json.field("rho", result.rho)
            json.field("rho_p", result.rhoP)
            json.field("rho_n", result.rhoN)
            json.field("mean_on_flare", result.meanOnFlare)
            json.field("mean_off_flare", result.meanOffFlare)
            json.field("mean_diff", result.meanDiff)
            json.field("rr", result.rr)
            json.field("or", result.oddsRatio)
            json.key("or_ci")
            if let interval = result.oddsRatioCI {
                json.beginArray()
                for bound in interval { json.number(bound) }
                json.endArray()
            } else {
                json.raw("null")
            }
            json.key("table")
            if let table = result.table {
                json.beginArray()
                for cell in [table.a, table.b, table.c, table.d] { json.integer(cell) }
                json.endArray()
            } else {
                json.raw("null")
            }
            json.field("perm_p", result.permP)
            json.field("perm_q", result.permQ)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }
}

extension EffectReport {
    /// The JSON document of §5 (all keys, in the spec's order, on one line).
    public func jsonText() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("intervention", intervention)
        json.field("outcome", outcome ?? "any symptom")
        json.field("lag", lag)
        json.field("days_observed", daysObserved)
        json.field("calendar_days", calendarDays)
        json.writeWindow(windowFrom, windowTo)
        json.field("status", status.rawValue)
        json.field("reason", reason?.rawValue)
        json.field("n_with", nWith)
        json.field("n_without", nWithout)
        json.field("u", u)
        json.field("p", p)
        json.field("rank_biserial", rankBiserial)
        json.field("median_with", medianWith)
        json.field("median_without", medianWithout)
        json.field("mean_with", meanWith)
        json.field("mean_without", meanWithout)
        json.field("perm_p", permP)
        json.endObject()
        return json.text
    }
}

extension JSONWriter {
    fileprivate mutating func writeWindow(_ from: LocalDay?, _ to: LocalDay?) {
        key("window")
        beginObject()
        field("from", from?.description)
        field("to", to?.description)
        endObject()
    }
}
