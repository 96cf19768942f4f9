import Foundation

/// A fresh folder under the system temporary directory, one per test (tests run in parallel).
public struct TemporaryDirectory: Sendable {
    public let url: URL

    /// A folder named `prefix-<UUID>`: the prefix says which suite left it, should one stay behind.
    public init(prefix: String = "flarelog-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
