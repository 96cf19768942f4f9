extension StringProtocol {
    /// The text with every occurrence of `target` replaced, compared Unicode scalar by scalar as Foundation's
    /// `replacingOccurrences(of:with:)` compares: a quote followed by a combining mark is still a quote.
    /// (The standard library's `replacing(_:with:)` compares whole characters and would miss it.)
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        String(
            String.UnicodeScalarView(unicodeScalars).replacing(target.unicodeScalars, with: replacement.unicodeScalars))
    }
}
