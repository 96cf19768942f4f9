/// The characters an item name may look the same without: those Unicode calls format characters (Cf).
enum ItemName {
    /// `name` without its format characters (zero-width space and non-joiner, bidi marks and overrides, BOM,
    /// soft hyphen, …), which show nothing yet would make `pain` and `pa​in` two items. A zero-width joiner
    /// between two emoji stays: it is part of the emoji (🏃‍♀️).
    static func removingInvisibleFormatCharacters(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard scalars.contains(where: { $0.properties.generalCategory == .format }) else { return name }
        var kept = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.generalCategory == .format {
                guard scalar == "\u{200D}", index + 1 < scalars.count, isEmoji(scalars[index + 1]),
                    let previous = kept.last(where: { $0 != "\u{FE0F}" }), isEmoji(previous)
                else { continue }
            }
            kept.append(scalar)
        }
        return String(kept)
    }

    /// An emoji scalar; not the digits and `#` `*`, which Unicode counts as emoji for their keycaps.
    private static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x7F && scalar.properties.isEmoji
    }
}
