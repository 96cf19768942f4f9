import Foundation
import Testing

@testable import FlareKit

/// Special functions against mpmath (50 digits) and the spec's Fisher rule in scipy.
@Suite struct AnalysisSpecialFunctionTests {
    let fixture: [String: Any]

    init() throws {
        fixture = try #require(try AnalysisFixtures.json("special_functions.json") as? [String: Any])
    }

    func rows(_ name: String) throws -> [[Double]] {
        // Written as strings: parsed here by Swift's correctly rounded Double(String).
        let rows = try #require(fixture[name] as? [[String]])
        return rows.map { $0.map { Double($0) ?? .nan } }
    }

    static func relativeError(_ actual: Double, _ expected: Double) -> Double {
        actual == expected ? 0 : abs(actual - expected) / max(abs(actual), abs(expected))
    }

    /// I_{1−r²}((n−2)/2, ½) for n = 3 … 3650, r from 0 to 1 − 2⁻⁴⁰ and 1, including p far below 1e-12.
    @Test func correlationPValues() throws {
        let rows = try rows("correlation_p")
        #expect(rows.count > 100)
        #expect(rows.contains { $0[2] > 0 && $0[2] < 1e-12 })
        for row in rows {
            let p = SpecialFunctions.correlationPValue(r: row[0], n: Int(row[1]))
            #expect(Self.relativeError(p, row[2]) < 1e-11, "r = \(row[0]), n = \(row[1]): \(p) vs \(row[2])")
        }
    }

    @Test func incompleteBeta() throws {
        for row in try rows("betainc") {
            let value = SpecialFunctions.regularizedIncompleteBeta(a: row[0], b: row[1], x: row[2], y: row[3])
            #expect(
                Self.relativeError(value, row[4]) < 1e-11, "I_\(row[2])(\(row[0]), \(row[1])): \(value) vs \(row[4])")
        }
    }

    @Test func normalTail() throws {
        for row in try rows("erfc") {
            let value = SpecialFunctions.normalTwoSidedTail(row[0])
            #expect(Self.relativeError(value, row[1]) < 1e-13, "z = \(row[0]): \(value) vs \(row[1])")
        }
    }

    /// Zero cells, symmetric margins (mathematical ties), large tables.
    @Test func fisherExact() throws {
        for row in try rows("fisher") {
            let (a, b, c, d) = (Int(row[0]), Int(row[1]), Int(row[2]), Int(row[3]))
            let p = SpecialFunctions.fisherExactTwoSided(a: a, b: b, c: c, d: d)
            #expect(Self.relativeError(p, row[4]) < 1e-10, "[\(a), \(b), \(c), \(d)]: \(p) vs \(row[4])")
        }
    }

    /// Symmetric margins: tables whose probabilities are mathematically equal must count as ties.
    @Test func fisherSymmetricTablesAreTies() {
        // Every table counts: the sum is 1 up to rounding.
        #expect(Self.relativeError(SpecialFunctions.fisherExactTwoSided(a: 1, b: 2, c: 2, d: 1), 1) < 1e-14)
        // [1, 2; 2, 1] and [2, 1; 1, 2] are the two least likely tables (4/20 each), both counted.
        #expect(Self.relativeError(SpecialFunctions.fisherExactTwoSided(a: 0, b: 3, c: 3, d: 0), 0.1) < 1e-12)
        let p = SpecialFunctions.fisherExactTwoSided(a: 10, b: 0, c: 0, d: 10)
        #expect(Self.relativeError(p, 2 / 184_756.0) < 1e-12)
    }

    @Test func benjaminiHochberg() throws {
        let cases = try #require(fixture["bh"] as? [[[String]]])
        for pair in cases.map({ $0.map { $0.map { Double($0) ?? .nan } } }) {
            let q = FlareKit.benjaminiHochberg(pair[0])
            #expect(zip(q, pair[1]).allSatisfy { Self.relativeError($0, $1) < 1e-15 }, "\(pair[0]): \(q) vs \(pair[1])")
        }
    }
}
