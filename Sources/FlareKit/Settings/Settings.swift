import SQLite

/// The preferences a person can set with `flarelog config`.
public enum SettingKey: String, CaseIterable, Sendable {
    /// When a new tracking day starts (`HH:MM`, default 00:00): a night owl's 02:00 entry can count for the evening before.
    case dayStart = "day-start"
    /// The items `flarelog checkin` asks about, comma-separated (empty: the items logged on 3 of the last 30 days).
    case checkin
    /// Whether `backup` encrypts without `--encrypt` (`on` or `off`, default off).
    case backupEncrypt = "backup-encrypt"

    /// The value in force when the key has never been set.
    public var defaultValue: String {
        switch self {
        case .dayStart: return DayStart.midnight.description
        case .checkin: return ""
        case .backupEncrypt: return "off"
        }
    }

    /// The stored form of `text`, or an error saying what is accepted.
    public func normalized(_ text: String) throws -> String {
        switch self {
        case .dayStart:
            guard let dayStart = DayStart(text) else {
                throw FlareError.badData("'\(text)' is not a time of day for day-start; use HH:MM such as 04:00")
            }
            return dayStart.description
        case .checkin:
            return Self.checkinNames(text).joined(separator: ", ")
        case .backupEncrypt:
            switch text.lowercased() {
            case "on", "yes", "true", "1": return "on"
            case "off", "no", "false", "0": return "off"
            default: throw FlareError.badData("'\(text)' is not on or off for backup-encrypt")
            }
        }
    }
}

extension Database {
    /// The value of `key`, or its default.
    public func setting(_ key: SettingKey) throws -> String {
        try connection.scalar("SELECT value FROM setting WHERE key = ?", [key.rawValue], as: String.self)
            ?? key.defaultValue
    }

    /// Stores `value` (validated and normalized) for `key`.
    @discardableResult
    public func setSetting(_ key: SettingKey, to value: String) throws -> String {
        var stored = try key.normalized(value)
        try write {
            if key == .checkin { stored = try checkinList(stored) }
            try connection.run(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key.rawValue, stored])
        }
        return stored
    }

    /// The checkin list with each name as the catalog spells it. A name that does not resolve now would stop
    /// every check-in later, so it is refused while it is being typed.
    private func checkinList(_ text: String) throws -> String {
        try SettingKey.checkinNames(text).map { name in
            let typed = ItemValue(parsing: name)
            return ItemValue(kind: typed.kind, name: try item(for: typed).name).typed
        }.joined(separator: ", ")
    }

    /// True when `config set backup-encrypt on` makes `backup` encrypt by default.
    public func encryptsBackups() throws -> Bool {
        try setting(.backupEncrypt) == "on"
    }

    /// The day-start setting in force.
    public func dayStart() throws -> DayStart {
        DayStart(try setting(.dayStart)) ?? .midnight
    }
}
