/// Text bound for a terminal as one clean line.
extension StringProtocol {
    /// The text with every control character (newline, ESC, DEL, C1) and invisible format character (zero-width
    /// spaces, bidi overrides, BOM) written as an escape, `\n`, `\t`, `\r` or `\u{1B}`: a path or a name can then
    /// neither split an error line nor move the cursor, recolour or reorder what the terminal shows.
    public func escapingControls() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let category = scalar.properties.generalCategory
                if category == .control || category == .format || category == .lineSeparator
                    || category == .paragraphSeparator
                {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
