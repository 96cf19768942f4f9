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
    public var text: String { written(pretty: true) }

    /// The whole value on one line (one JSON document per line, e.g. for streams).
    public var compactText: String { written(pretty: false) }

    /// The text is assembled as UTF-8 bytes: appending a piece to a byte array is a copy, appending it to a
    /// `String` costs several times more (a `list --format json` of 50 entries appends about 8,000 pieces).
    private func written(pretty: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(to: &output, depth: 0, pretty: pretty)
        return String(decoding: output, as: UTF8.self)
    }

    private func write(to output: inout [UInt8], depth: Int, pretty: Bool) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .int(let value): output += String(value).utf8
        case .number(let value): output += Self.numberText(value).utf8
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            Self.writeContainer(
                count: values.count, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), to: &output, depth: depth,
                pretty: pretty
            ) {
                values[$0].write(to: &$1, depth: depth + 1, pretty: pretty)
            }
        case .object(let object):
            let members = object.members
            Self.writeContainer(
                count: members.count, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), to: &output, depth: depth,
                pretty: pretty
            ) {
                Self.writeString(members[$0].key, to: &$1)
                $1 += (pretty ? ": " : ":").utf8
                members[$0].value.write(to: &$1, depth: depth + 1, pretty: pretty)
            }
        }
    }

    /// The brackets, commas and (when `pretty`) line breaks and indentation around `count` members, each written
    /// by `member` (its index and the output).
    private static func writeContainer(
        count: Int, open: UInt8, close: UInt8, to output: inout [UInt8], depth: Int, pretty: Bool,
        member: (Int, inout [UInt8]) -> Void
    ) {
        output.append(open)
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if pretty { newLine(&output, depth: depth + 1) }
            member(index, &output)
        }
        if pretty, count > 0 { newLine(&output, depth: depth) }
        output.append(close)
    }

    private static func newLine(_ output: inout [UInt8], depth: Int) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        // Whole numbers print without a fraction; Swift's description round-trips every other Double.
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `value` as a JSON string. Runs of bytes that need no escape are copied at once, not scalar by scalar.
    static func writeString(_ value: String, to output: inout [UInt8]) {
        var value = value  // withUTF8 may first make a bridged string native
        value.withUTF8 { writeString($0, to: &output) }
    }

    private static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var run = 0  // the start of the bytes copied as they are
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var length = 1
            let escape: String
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0..<0x20, 0x7F: escape = unicodeEscape(UInt32(byte))
            // U+2028 and U+2029 (E2 80 A8/A9) are valid in JSON but end lines in JavaScript; escaped, the text is
            // safe in both.
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] & 0xFE == 0xA8:
                escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                length = 3
            default:
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            output += escape.utf8
            index += length
            run = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
        output.append(UInt8(ascii: "\""))
    }

    /// `\u001b`: four lowercase hex digits.
    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

/// A JSON object whose members keep their insertion order.
public struct JSONObject: Equatable, Sendable {
    public private(set) var members: [(key: String, value: JSONValue)] = []

    public init() {}

    /// An object with these members, in this order; the keys must differ (unlike the subscript, nothing is
    /// looked up: an entry's 16 keys searched one by one were a third of building its JSON).
    public init(_ members: KeyValuePairs<String, JSONValue>) {
        self.members = members.map { ($0.key, $0.value) }
    }

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
