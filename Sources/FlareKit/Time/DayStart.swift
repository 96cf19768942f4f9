import FoundationEssentials

/// The `day-start` setting: the local wall time at which a new tracking day begins.
///
/// Night owls set it to 04:00 so that a symptom logged at 02:00 still counts for the evening before.
public struct DayStart: Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// Minutes after local midnight, 0 ..< 1440.
    public let minutes: Int

    /// Days start at local midnight (the default).
    public static let midnight = DayStart(validMinutes: 0)

    /// The day start `minutes` after midnight, or nil outside 0 ..< 1440.
    public init?(minutes: Int) {
        guard (0..<1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses `H:MM` or `HH:MM` from 00:00 to 23:59 (surrounding spaces ignored).
    public init?(_ text: String) {
        let trimmed = Array(text.trimmed().utf8)
        guard trimmed.count == 4 || trimmed.count == 5, trimmed[trimmed.count - 3] == UInt8(ascii: ":") else {
            return nil
        }
        guard let hours = decimal(trimmed[0..<(trimmed.count - 3)]),
            let minutes = decimal(trimmed[(trimmed.count - 2)...]),
            hours < 24, minutes < 60
        else { return nil }
        self.minutes = hours * 60 + minutes
    }

    private init(validMinutes: Int) { self.minutes = validMinutes }

    /// `HH:MM`.
    public var description: String { "\(twoDigits(minutes / 60)):\(twoDigits(minutes % 60))" }

    public static func < (lhs: DayStart, rhs: DayStart) -> Bool { lhs.minutes < rhs.minutes }
}

/// The value of a run of ASCII digits, or nil when empty, not all digits, or longer than 9 digits.
func decimal(_ bytes: some Collection<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
    var value = 0
    for byte in bytes {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
}

/// `value` written with at least two digits.
func twoDigits(_ value: Int) -> String { value < 10 && value >= 0 ? "0\(value)" : String(value) }
