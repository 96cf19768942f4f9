import CSV
import Foundation

enum YaslabCSV {
    static func read(_ url: URL) throws -> (Int, Int) {
        guard let stream = InputStream(url: url) else { return (0, 0) }
        // This package's own CSVReader hides the library's, and `CSV.CSVReader` finds the library's
        // deprecated `CSV` alias before the module; the alias is the one name left (a deprecation warning).
        let reader = try CSV(stream: stream)
        var records = 0
        var total = 0
        while let row = reader.next() {
            records += 1
            for field in row { total += field.utf8.count }
        }
        return (records, total)
    }
}
