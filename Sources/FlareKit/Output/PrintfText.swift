import CPrintf

extension String {
    /// `value` formatted by C's `printf` `format` (`%.2f`, `%.2g`…), with a `.` decimal point: flarelog never
    /// calls `setlocale`, so the C locale is in force.
    ///
    /// Foundation's `String(format:)` does the same through CoreFoundation, whose first use costs about a million
    /// instructions: a quarter of the whole of `flarelog list`.
    public init(printf format: String, _ value: Double) {
        var capacity = 32
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = Int(flarelog_format_double(&buffer, capacity, format, value))
            precondition(length >= 0, "invalid printf format \(format)")
            if length < capacity {
                self = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return
            }
            capacity = length + 1
        }
    }
}
