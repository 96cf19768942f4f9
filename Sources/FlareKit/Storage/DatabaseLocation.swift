import FoundationEssentials
import Glibc

/// Reads one environment variable: nil when it is unset.
public typealias EnvironmentLookup = (String) -> String?

/// The process's own environment, one variable at a time.
///
/// `ProcessInfo.processInfo.environment` copies every variable into a dictionary on each use, about a million
/// instructions with a typical shell environment: 5% of a whole `flarelog log`.
public func processEnvironment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Where the database lives: `--db`, else `FLARELOG_DB`, else `$XDG_DATA_HOME/flarelog/flarelog.db`
/// (`~/.local/share/flarelog/flarelog.db` when XDG_DATA_HOME is unset or empty).
public enum DatabaseLocation {
    public static func resolve(explicit: String?, environment: EnvironmentLookup = processEnvironment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment("FLARELOG_DB"), !fromEnvironment.isEmpty { return fromEnvironment }
        return dataFolder(environment: environment) + "/flarelog.db"
    }

    /// flarelog's folder under the XDG data home; backups go in its `backups` subfolder.
    public static func dataFolder(environment: EnvironmentLookup = processEnvironment) -> String {
        if let xdg = environment("XDG_DATA_HOME"), xdg.hasPrefix("/") { return xdg + "/flarelog" }
        return (environment("HOME") ?? "") + "/.local/share/flarelog"
    }
}
