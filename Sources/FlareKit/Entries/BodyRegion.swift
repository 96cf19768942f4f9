/// Body regions: the 19 regions of the ACR 2016 widespread pain index, plus the person's own words.
public enum BodyRegion {
    /// The 19 ACR 2016 widespread pain index regions, as flarelog spells them.
    public static let acr2016 = [
        "left-jaw", "right-jaw", "left-shoulder-girdle", "right-shoulder-girdle", "left-upper-arm", "right-upper-arm",
        "left-lower-arm", "right-lower-arm", "left-hip", "right-hip", "left-upper-leg", "right-upper-leg",
        "left-lower-leg", "right-lower-leg", "neck", "upper-back", "lower-back", "chest", "abdomen",
    ]

    /// The stored form of a region typed by a person: a known region in its canonical spelling
    /// ("Left Hip" and "left_hip" are `left-hip`), anything else trimmed as typed.
    /// - Throws: `FlareError.badData` for an empty region or one with control characters.
    public static func normalized(_ text: String) throws -> String {
        let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !trimmed.isEmpty else { throw FlareError.badData("a --region cannot be empty") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FlareError.badData("a --region cannot contain control characters")
        }
        let slug = trimmed.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 }
        let candidate = String(slug)
        return acr2016.contains(candidate) ? candidate : trimmed
    }
}
