/// What an item records: how the person felt, what might have set it off, or what they did about it.
public enum ItemKind: String, CaseIterable, Codable, Sendable {
    case symptom, trigger, intervention
}

/// How an item's values are read: a 0–10 style scale, an amount with a unit, or yes/no (stored as 1/0).
public enum ValueType: String, CaseIterable, Codable, Sendable {
    case scale, quantity, boolean
}

/// How several entries of one item on one day become that day's value.
public enum Aggregate: String, CaseIterable, Codable, Sendable {
    /// The largest value (symptoms: the worst moment of the day).
    case max
    case mean
    case sum
    /// 1 when any entry of the day is above 0, else 0 (boolean items only).
    case any
}

/// Which way a scale reads: a symptom is worse when higher (pain 8 is a bad day), a rating such as mood or
/// energy is better when higher (mood 8 is a good day). The analysis scores badness, so it turns a
/// better-when-higher value around (docs/analysis.md, "The score and its direction").
public enum Direction: String, CaseIterable, Codable, Sendable {
    case worseWhenHigher = "worse-when-higher"
    case betterWhenHigher = "better-when-higher"
}
