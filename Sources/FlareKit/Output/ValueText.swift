import FoundationEssentials

/// Numbers as people write and read them: the one reader and the one formatter that log, edit, import, list,
/// summary, report and the analysis narrative share, so that what one accepts or prints the others do too.
public enum ValueText {
    /// A number written in decimal ("7", "-2.5", "1e3"), or a word `Double(_:)` knows ("nan", "inf"), which
    /// callers refuse with their own reason. Never hexadecimal, which `Double(_:)` alone also reads
    /// ("0x1p3" is 8): `log` refused it while `import` stored 8.
    public static func read(_ text: some StringProtocol) -> Double? {
        guard !text.isEmpty, !text.contains(where: { $0 == "x" || $0 == "X" }) else { return nil }
        return Double(String(text))
    }

    /// No trailing ".0", at most four decimals.
    public static func number(_ value: Double) -> String { number(value, decimals: 4) }

    /// No trailing ".0", at most `decimals` decimals. Whole numbers too large for an integer are printed with
    /// printf, never converted (`Int(2e19)` traps: a quantity of 2e19 once crashed `report`).
    public static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-infinity" : "infinity") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(printf: "%.\(decimals)f", value)
        guard text.contains(".") else { return text }
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
