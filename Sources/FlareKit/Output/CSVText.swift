import FoundationEssentials

/// RFC 4180 CSV text: fields with commas, quotes or line breaks are quoted, quotes doubled, CRLF-free (LF).
public struct CSVText: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func row(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ",")
        text += "\n"
    }

    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingEvery("\"", with: "\"\"") + "\""
    }
}
