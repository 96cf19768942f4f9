/// Why a `--when`/`--since`/`--until` text could not become a moment; each description says what to type instead.
public enum WhenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text matches none of the accepted forms.
    case unrecognized(String)
    /// A `YYYY-MM-DD` that is not a real date (`2026-02-30`).
    case invalidDate(String)
    /// A clock time that is not a time of day (`25:00`, `13pm`).
    case invalidTime(String)
    /// An explicit UTC offset beyond ±18:00 or with minutes over 59.
    case invalidOffset(String)
    /// A moment outside the years 1900 through 2200 (a typo such as `0226-11-25`, or `-99999d`).
    case outOfRange(String)
    /// A moment more than five minutes after now, without `allowFuture`.
    case future(String, resolved: String)
    /// A wall time skipped by a clock change (spring forward) in `zone`.
    case nonexistentLocalTime(wall: String, zone: String, suggestion: String)

    /// The accepted forms, for error messages and help text.
    public static let acceptedForms =
        "2026-11-25T08:30, 08:30, 8am, yesterday 21:00, monday, -2h, 3 days ago or 2026-11-25"

    /// True when the text is not a time at all (a usage error, exit 64), false when it reads as a time that
    /// cannot be recorded (in the future, skipped by a clock change: bad data, exit 65).
    public var isUnreadable: Bool {
        switch self {
        case .unrecognized, .invalidDate, .invalidTime, .invalidOffset: return true
        case .outOfRange, .future, .nonexistentLocalTime: return false
        }
    }

    public var description: String {
        switch self {
        case .unrecognized(let text):
            return "cannot read '\(text)' as a time; use \(WhenError.acceptedForms)"
        case .invalidDate(let text):
            return "\(text) is not a date; check the month and day"
        case .invalidTime(let text):
            return "\(text) is not a time of day; use 00:00 to 23:59, or 12am to 11:59pm"
        case .invalidOffset(let text):
            return "\(text) is not a UTC offset; use Z or ±HH:MM such as +01:00 or -05:00"
        case .outOfRange(let text):
            return "'\(text)' is outside the years 1900 to 2200"
        case .future(let text, let resolved):
            return "'\(text)' (\(resolved)) is in the future; use --allow-future to record a planned entry"
        case .nonexistentLocalTime(let wall, let zone, let suggestion):
            return "\(wall) does not exist in \(zone) (clocks jumped forward); use \(suggestion) or give an offset"
        }
    }
}

extension FlareError {
    /// A time that does not read is a usage error (64) like any other value that does not parse; one that reads
    /// but cannot be recorded is bad data (65). `option` ("since") prefixes the message when given.
    public init(_ error: WhenError, option: String? = nil) {
        self.init(error.isUnreadable ? .usage : .badData, (option.map { "--\($0): " } ?? "") + error.description)
    }
}
