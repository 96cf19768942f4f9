import FoundationEssentials

/// How numbers read for a person: no trailing ".0", at most four decimals.
public enum ValueText {
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-infinity" : "infinity") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(printf: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A value as a person reads it: "yes"/"no" for yes/no items, else the number and its unit ("20 minutes").
    public static func value(_ value: Double, type: ValueType, unit: String?) -> String {
        if type == .boolean { return value != 0 ? "yes" : "no" }
        return number(value) + (unit.map { " \($0)" } ?? "")
    }

    /// `number(value)` when that reads back as `value`, else the shortest text that does: an error about
    /// 10.000000000000002 must not say "10".
    public static func exact(_ value: Double) -> String {
        let rounded = number(value)
        return Double(rounded) == value ? rounded : "\(value)"
    }
}
