import ArgumentParser
import FlareKit
import FoundationEssentials

/// Shell completion of item names from the person's own catalog (`--generate-completion-script`).
enum ItemCompletion {
    /// Completes an item name: the shell passes the words typed so far. The database is the one they name with
    /// `--db` (else `$FLARELOG_DB`, else the default); it is only read, so a missing file completes nothing and
    /// is not created.
    static let names = CompletionKind.custom { words, _, prefix in
        let typed =
            words.firstIndex(of: "--db").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
            ?? words.first { $0.hasPrefix("--db=") }.map { String($0.dropFirst(5)) }
        let path = DatabaseLocation.resolve(explicit: typed)
        guard FileManager.default.fileExists(atPath: path),
            let usage = try? Database(path: path, access: .read).items()
        else { return [] }
        let wanted = prefix.lowercased()
        return usage.map(\.item.name).filter { $0.lowercased().hasPrefix(wanted) }
    }
}
