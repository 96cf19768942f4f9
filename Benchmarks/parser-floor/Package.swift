// swift-tools-version: 6.0
// The start-up floor of a swift-argument-parser program: a command with one subcommand and one option that
// does nothing, built the way flarelog ships (static executable, stripped). Benchmarks/run builds and times it:
//   swift build -c release -Xswiftc -static-executable && strip -o parser-floor .build/release/parser-floor
import PackageDescription

let package = Package(
    name: "parser-floor",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0")
    ],
    targets: [
        .executableTarget(
            name: "parser-floor",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        )
    ],
    swiftLanguageModes: [.v6]
)
