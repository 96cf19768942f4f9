extension StringProtocol {
    /// The text without leading and trailing white space (Unicode's, line breaks included).
    ///
    /// Foundation's `trimmingCharacters(in: .whitespaces)` does the same but builds its character set on
    /// first use: three quarters of a million instructions, 4% of a whole `flarelog log`.
    public func trimmed() -> String { trimmed(while: \.isWhitespace) }

    /// The text without the leading and trailing characters `isTrimmed` accepts.
    public func trimmed(while isTrimmed: (Character) -> Bool) -> String {
        let start = firstIndex { !isTrimmed($0) } ?? endIndex
        let end = self[start...].lastIndex { !isTrimmed($0) }.map(index(after:)) ?? start
        return String(self[start..<end])
    }
}
