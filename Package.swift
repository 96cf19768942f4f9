// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "flarelog",
    products: [
        .executable(name: "flarelog", targets: ["flarelog"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // ChaCha20-Poly1305, HKDF, HMAC (Crypto) and scrypt (CryptoExtras) for age-encrypted backups and exports.
        // 4.x imports FoundationEssentials, not Foundation, so it adds no ICU to the binary.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // SHA-256 with the x86 SHA instructions, for backup digests; FlareKit falls back to Swift elsewhere.
        .target(name: "CSHA256"),
        // printf's number formatting for one double, without Foundation's String(format:).
        .target(name: "CPrintf"),
        // Echo off at the passphrase prompt, put back by a signal handler too (it must be async-signal-safe).
        .target(name: "CTerminal"),
        .target(
            name: "FlareKit",
            dependencies: [
                "SQLite", "CSHA256", "CPrintf", "CTerminal",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            // Sources/FlareKit/Migrations is a symlink to the top-level Migrations folder:
            // the SQL is compiled into the binary and a changed file triggers a rebuild.
            resources: [.embedInCode("Migrations")]
        ),
        .executableTarget(
            name: "flarelog",
            dependencies: [
                "FlareKit",
                "SQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share: temporary folders, the sha256sum reference.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestSupport"]),
        .testTarget(
            name: "FlareKitTests",
            dependencies: ["FlareKit", "SQLite", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FlarelogTests", dependencies: ["flarelog", "FlareKit", "SQLite", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
