import Foundation
import Testing
import TestSupport

@testable import FlareKit

/// Inputs the reliability suite's bad-input part found accepted that should not be.
@Suite struct HostileInputTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try Database(path: folder.path("hostile.db"), access: .write)
    }

    /// An escape sequence in a name would rewrite the terminal wherever the name is printed.
    @Test(arguments: ["esc\u{1B}[2Jname", "bell\u{07}", "del\u{7F}", "nul\u{0}byte"])
    func namesWithControlCharactersAreRefused(name: String) throws {
        let error = try #require(throws: FlareError.self) {
            try database.addItem(
                NewItem(kind: .trigger, name: name, valueType: .boolean), now: "2026-11-25T00:00:00.000Z")
        }
        #expect(error.status == .badData)
        #expect(error.message.contains("control characters"))
        let unit = try #require(throws: FlareError.self) {
            try database.addItem(
                NewItem(kind: .trigger, name: "pollen", valueType: .quantity, unit: "grains\u{1B}[31m"),
                now: "2026-11-25T00:00:00.000Z")
        }
        #expect(unit.status == .badData)
    }

    /// Double(_:) reads hexadecimal and the names of non-finite numbers; a value is a decimal number.
    @Test(arguments: ["0x1p3", "0x10", "nan", "inf", "-infinity", "1_000", "٣"])
    func valuesMustBeDecimal(text: String) throws {
        let alcohol = try database.item(.trigger, named: "alcohol")
        let error = try #require(throws: FlareError.self) { try alcohol.parseValue(text) }
        // Non-finite numbers parse but cannot be recorded (65); the rest are no number at all (64).
        #expect(error.status == (["nan", "inf", "-infinity"].contains(text) ? .badData : .usage))
    }

    @Test(arguments: [("8", 8.0), (" 2.5 ", 2.5), ("1e3", 1000.0), ("-0", 0.0)])
    func decimalValuesStillRead(text: String, value: Double) throws {
        #expect(try database.item(.trigger, named: "alcohol").parseValue(text) == value)
    }
}
