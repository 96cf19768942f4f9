import Foundation
import Testing

@testable import FlareKit

/// JSON strings: every escape, and text around them copied as it is.
@Suite struct JSONValueTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("say \"hi\"\\", #""say \"hi\"\\""#),
        ("a\nb\rc\td\u{08}e\u{0C}f", #""a\nb\rc\td\be\ff""#),
        ("\u{1B}[31m\u{7F}\u{00}", #""\u001b[31m\u007f\u0000""#),
        ("line\u{2028}para\u{2029}end", #""line\u2028para\u2029end""#),
        ("café — 痛み 🧘‍♀️ €", "\"café — 痛み 🧘‍♀️ €\""),
        ("e\u{301}\n\u{301}", "\"e\u{301}\\n\u{301}\""),
        ("\u{2027}\u{202A}", "\"\u{2027}\u{202A}\""),
    ])
    func stringsAreEscapedExactly(text: String, json: String) throws {
        let written = JSONValue.string(text).compactText
        #expect(written == json)
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(written)]".utf8)) as? [String]
        #expect(parsed == [text])
    }
}
