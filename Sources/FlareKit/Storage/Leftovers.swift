import FoundationEssentials
import Glibc

/// The temporary files and folders flarelog writes health data into before they get their final name. Each is
/// named `<prefix><pid>-<random>…`, so that what a killed process left can be told from what a running one is
/// still writing.
public enum LeftoverKind: String, Sendable, CaseIterable {
    /// `.flarelog-backup-PID-XXXXXX.tmp` (and its `-journal`) in the backup folder.
    case backup
    /// `.flarelog-export-PID-N.tmp` next to the `--out` file.
    case export
    /// `.flarelog-report-PID-N.tmp` next to the report.
    case report
    /// `flarelog-dry-run-PID-XXXXXX/` in the temporary folder.
    case dryRun = "dry run"

    var prefix: String {
        switch self {
        case .backup: return ".flarelog-backup-"
        case .export: return ".flarelog-export-"
        case .report: return ".flarelog-report-"
        case .dryRun: return "flarelog-dry-run-"
        }
    }

    /// The start of the name of this process's temporary files of this kind.
    var ownPrefix: String { "\(prefix)\(getpid())-" }
}

/// A temporary file or folder whose process is gone.
public struct Leftover: Sendable, Equatable {
    public let kind: LeftoverKind
    public let path: String
    /// The process that wrote it.
    public let pid: Int32
    public let sizeBytes: Int64
}

/// Finding and removing what killed commands left.
public enum Leftovers {
    /// How old a leftover must be before it is removed: a process that has just started may not have been
    /// seen by `kill(pid, 0)` yet in another PID namespace, and a minute costs nothing.
    static let minimumAge: Int = 60

    /// The leftovers in `folders` whose process no longer runs.
    static func find(in folders: [String]) -> [Leftover] {
        folders.flatMap { find(in: $0) }
    }

    /// The leftovers of `kinds` in `folder` whose process no longer runs.
    static func find(in folder: String, kinds: [LeftoverKind] = LeftoverKind.allCases) -> [Leftover] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().compactMap { name in
            guard let kind = kinds.first(where: { name.hasPrefix($0.prefix) }),
                let pid = Int32(name.dropFirst(kind.prefix.count).prefix { $0 != "-" }), pid > 0,
                !isRunning(pid)
            else { return nil }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            return Leftover(kind: kind, path: path, pid: pid, sizeBytes: Int64(info.st_size))
        }
    }

    /// Removes the leftovers of `kind` in `folder` older than a minute whose process is gone. Best effort: what
    /// cannot be removed stays, and `flarelog check` reports it.
    static func removeStale(_ kind: LeftoverKind, in folder: String) {
        let now = time(nil)
        for leftover in find(in: folder, kinds: [kind]) {
            var info = stat()
            guard lstat(leftover.path, &info) == 0, Int(now - info.st_mtim.tv_sec) > minimumAge else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try? FileManager.default.removeItem(atPath: leftover.path)
            } else {
                unlink(leftover.path)
            }
        }
    }

    /// False only when no process `pid` exists: one of another user (EPERM) still runs.
    private static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
