import FlareKit
import Testing

/// The small text helpers that replace Foundation's on the start-up path must give Foundation's answers.
@Suite struct TextFormattingTests {
    @Test(arguments: [
        ("  brain fog\t", "brain fog"),
        ("\n 04:00 \r\n", "04:00"),
        ("\u{00A0}stress\u{2003}", "stress"),
        ("inner  spaces stay", "inner  spaces stay"),
        (" \t\n ", ""),
        ("", ""),
    ])
    func trimmedDropsWhiteSpaceAtBothEndsOnly(text: String, expected: String) {
        #expect(text.trimmed() == expected)
        #expect(text[...].trimmed() == expected)
    }

    @Test func replacingEveryComparesUnicodeScalarsLikeFoundation() {
        // The second quote carries a combining acute accent: one Character, but still a quote to escape.
        #expect("say \"hi\"\u{301}".replacingEvery("\"", with: "\"\"") == "say \"\"hi\"\"\u{301}")
        #expect("a_b__c"[...].replacingEvery("_", with: " ") == "a b  c")
        #expect("left\\;".replacingEvery("\\", with: "\\\\") == "left\\\\;")
    }

    @Test func trimmedWhileDropsOnlyTheGivenCharactersAtBothEnds() {
        #expect("..sept.".trimmed { $0 == "." } == "sept")
        #expect(" a.b ".trimmed { $0 == "." } == " a.b ")
        #expect("...".trimmed { $0 == "." } == "")
    }

    @Test(arguments: [
        ("%.4f", 1.234_56, "1.2346"),
        ("%.2f", -0.004, "-0.00"),
        ("%.1f", 2.25, "2.2"),
        ("%.2g", 0.000_123_4, "0.00012"),
        ("%.2g", 1234.0, "1.2e+03"),
        ("%.0f", 99.5, "100"),
        ("%.3f", .infinity, "inf"),
    ])
    func printfFormatsLikeC(format: String, value: Double, expected: String) {
        #expect(String(printf: format, value) == expected)
    }

    @Test func printfGrowsItsBufferForLongResults() {
        let text = String(printf: "%.0f", 1e300)
        #expect(text.count == 301)
        #expect(
            text
                == "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"
        )
    }

    @Test(arguments: [(3.0, "3"), (2.5, "2.5"), (0.123_456, "0.1235"), (-1e16, "-10000000000000000"), (.nan, "NaN")])
    func valuesReadWithoutTrailingZeros(value: Double, expected: String) {
        #expect(ValueText.number(value) == expected)
    }

    /// One decimal for scores and means; whole numbers beyond Int's range are printed, never converted.
    @Test(arguments: [
        (1.96, "2"), (2.25, "2.2"), (2e19, "20000000000000000000"), (-1e20, "-100000000000000000000"),
    ])
    func scoresWithOneDecimal(value: Double, expected: String) {
        #expect(ValueText.number(value, decimals: 1) == expected)
        #expect(ReportFormat.score(value) == expected)
    }

    @Test(arguments: [
        ("7", 7.0), (" -2.5", nil), ("1e3", 1000.0), ("-0.5", -0.5), ("0x1p3", nil), ("0X10", nil), ("", nil),
    ])
    func numbersAreReadInDecimalOnly(text: String, expected: Double?) {
        #expect(ValueText.read(text) == expected)
    }
}
