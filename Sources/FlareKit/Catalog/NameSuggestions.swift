/// "Did you mean …?": the known names closest to a mistyped one.
enum NameSuggestions {
    /// Up to three names within a small edit distance (or containing / contained in the typed name).
    static func closest(to typed: String, among names: [String]) -> [String] {
        let wanted = Array(typed.lowercased())
        let scored = names.compactMap { name -> (String, Int)? in
            let candidate = name.lowercased()
            let distance = editDistance(wanted, Array(candidate))
            let limit = Swift.max(1, Swift.min(3, wanted.count / 3))
            if distance <= limit { return (name, distance) }
            if wanted.count >= 3, candidate.contains(String(wanted)) || String(wanted).contains(candidate) {
                return (name, limit + 1)
            }
            return nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance, one row at a time.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
