/// A JSON document with keys kept in the order they were set, so printed output is stable
/// and reads in the order the README documents.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A finite number, written so that it reads back as the same Double; NaN and ±∞ become null.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// `.number`, or `.null` for nil.
    public static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// `.string`, or `.null` for nil.
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    /// `.int`, or `.null` for nil.
    public static func int(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }

    /// Indented text, two spaces a level.
    public var text: String {
        var output = ""
        write(to: &output, indent: "", pretty: true)
        return output
    }

    /// The whole value on one line (one JSON document per line, e.g. for streams).
    public var compactText: String {
        var output = ""
        write(to: &output, indent: "", pretty: false)
        return output
    }

    private func write(to output: inout String, indent: String, pretty: Bool) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .number(let value): output += Self.numberText(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            writeContainer(values.map { (nil, $0) }, open: "[", close: "]", to: &output, indent: indent, pretty: pretty)
        case .object(let object):
            writeContainer(
                object.members.map { ($0.key, $0.value) }, open: "{", close: "}", to: &output, indent: indent,
                pretty: pretty)
        }
    }

    private func writeContainer(
        _ members: [(String?, JSONValue)], open: String, close: String, to output: inout String, indent: String,
        pretty: Bool
    ) {
        guard !members.isEmpty else {
            output += open + close
            return
        }
        let inner = indent + "  "
        output += open
        for (index, (key, value)) in members.enumerated() {
            output += index == 0 ? "" : ","
            if pretty { output += "\n" + inner }
            if let key {
                Self.writeString(key, to: &output)
                output += pretty ? ": " : ":"
            }
            value.write(to: &output, indent: inner, pretty: pretty)
        }
        output += pretty ? "\n" + indent + close : close
    }

    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        // Whole numbers print without a fraction; Swift's description round-trips every other Double.
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            // U+2028/2029 are valid in JSON but end lines in JavaScript; escaped, the text is safe in both.
            case let special
            where special.value < 0x20 || special.value == 0x7F || special == "\u{2028}"
                || special == "\u{2029}":
                let hex = String(special.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// A JSON object whose members keep their insertion order.
public struct JSONObject: Equatable, Sendable {
    public private(set) var members: [(key: String, value: JSONValue)] = []

    public init() {}

    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.map(\.key) == rhs.members.map(\.key) && lhs.members.map(\.value) == rhs.members.map(\.value)
    }
}
