import Foundation
import Testing

@testable import FlareKit

@Suite struct MigrationListTests {
    /// A file added to Migrations/ but not to `Migration.all` would silently never run.
    @Test func everyFileIsListedInOrder() throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == Migration.all.map(\.name))
        #expect(Migration.all.map(\.version) == Array(1...Int32(Migration.all.count)))
    }
}
