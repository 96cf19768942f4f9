extension StringProtocol {
    /// The text without leading and trailing white space (Unicode's, line breaks included).
    ///
    /// Foundation's `trimmingCharacters(in: .whitespaces)` does the same but builds its character set on
    /// first use: three quarters of a million instructions, 4% of a whole `flarelog log`.
    public func trimmed() -> String {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = self[start...].lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return String(self[start..<end])
    }
}
