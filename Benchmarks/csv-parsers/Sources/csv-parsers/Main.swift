import Foundation

/// Reads the file with each parser, counting records and the bytes of every field, and prints the times.
@main
struct Compare {
    static func main() throws {
        let path = CommandLine.arguments.dropFirst().first ?? "entries.csv"
        let url = URL(fileURLWithPath: path)
        func measure(_ name: String, _ body: () throws -> (Int, Int)) rethrows {
            let start = Date()
            let (records, bytes) = try body()
            let seconds = Date().timeIntervalSince(start)
            print("\(name): \(records) records, \(bytes) field bytes, \(String(format: "%.2f", seconds)) s")
        }
        try measure("flarelog CSVReader (mmap, bytes)") {
            let data = try Data(contentsOf: url, options: .alwaysMapped)
            return try data.withUnsafeBytes { bytes in
                var reader = CSVReader(bytes: bytes)
                var fields: [CSVReader.Field] = []
                var records = 0
                var total = 0
                while try reader.next(into: &fields) {
                    records += 1
                    for field in fields { total += reader.string(field).utf8.count }
                }
                return (records, total)
            }
        }
        try measure("yaslab/CSV.swift 2.5.2 (stream)") { try YaslabCSV.read(url) }
        try measure("swiftcsv/SwiftCSV 0.10.0 (whole file as String, rows)") { try SwiftCSVLibrary.read(url) }
    }
}
