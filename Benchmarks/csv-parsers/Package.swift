// swift-tools-version: 6.0
// Compares flarelog's CSVReader with the two CSV libraries of the package mirror on the same file.
// Run: swift run -c release csv-parsers FILE   (a file from `awk -v rows=1000000 -f ../entries.awk`)
import PackageDescription

let package = Package(
    name: "csv-parsers",
    dependencies: [
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", exact: "0.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", exact: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "csv-parsers",
            dependencies: [
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
