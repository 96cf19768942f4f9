import FoundationEssentials
import FoundationInternationalization

extension TimeZone {
    /// The user's zone: the one `TZ` names (an optional leading `:` is allowed), else the system's.
    ///
    /// The zone `TimeZone.current` finds, the same way (TZ, then the `/etc/localtime` link into the zoneinfo
    /// folder), for less: it copies the whole environment twice to read `TZ`, 4% of a whole `flarelog log`.
    public static var user: TimeZone {
        if let name = processEnvironment("TZ") {
            if let zone = TimeZone(identifier: name.hasPrefix(":") ? String(name.dropFirst()) : name) { return zone }
        } else if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime"),
            let folder = link.firstRange(of: "zoneinfo/"),
            let zone = TimeZone(identifier: String(link[folder.upperBound...]))
        {
            return zone
        }
        return .current
    }
}

/// Keeps swift-foundation's named time zones in the static executable. FoundationEssentials finds them
/// (`_TimeZoneICU`, in FoundationInternationalization) by looking the type up by name at run time, so
/// nothing refers to them; importing the module is not enough either. Without a reference to the file that
/// defines them the linker leaves them out, and every zone `TZ` names silently becomes the system's.
/// This is that reference; nothing needs to call it. The end-to-end tests run against the static executable
/// (`TimeZoneRecordingTests`) fail if it is missing.
public let namedTimeZonesAreLinked: @Sendable () -> [String] = { TimeZone.knownTimeZoneIdentifiers }
