/// One numbered schema step, its SQL compiled into the binary from `Migrations/NNNN_name.sql`.
public struct Migration: Sendable {
    public let version: Int32
    public let name: String
    public let sql: String

    /// Every migration in order. A test checks this list against the files in `Migrations/`.
    /// (SwiftPM names an embedded file after its name with the first character replaced by `_`.)
    public static let all: [Migration] = [
        Migration(version: 1, name: "0001_init", bytes: PackageResources._001_init_sql),
        Migration(version: 2, name: "0002_catalog", bytes: PackageResources._002_catalog_sql),
        Migration(version: 3, name: "0003_direction", bytes: PackageResources._003_direction_sql),
        Migration(version: 4, name: "0004_notes", bytes: PackageResources._004_notes_sql),
        Migration(version: 5, name: "0005_trial", bytes: PackageResources._005_trial_sql),
        Migration(version: 6, name: "0006_assessments", bytes: PackageResources._006_assessments_sql),
        Migration(version: 7, name: "0007_labs", bytes: PackageResources._007_labs_sql),
    ]

    init(version: Int32, name: String, bytes: [UInt8]) {
        self.version = version
        self.name = name
        self.sql = String(decoding: bytes, as: UTF8.self)
    }
}
