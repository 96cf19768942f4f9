import Glibc
import Synchronization

/// A time zone as the C library reads it: the value of `TZ`, or the system zone (`/etc/localtime`) without one.
///
/// Offsets come from glibc's `tzset()` and `localtime_r()`, so every form of `TZ` glibc accepts works and gives
/// glibc's offsets: a name from the zoneinfo folder (`Europe/Berlin`), an absolute path to a zone file
/// (`/usr/share/zoneinfo/America/New_York`), a POSIX rule (`EST5EDT,M3.2.0,M11.1.0`, `<-05>5`), each with or
/// without a leading `:`, and the empty value (UTC). Nothing of ICU or Foundation's time zones is involved.
public struct Zone: Hashable, Sendable, CustomStringConvertible {
    /// `TZ` as given; nil for the system zone (as when `TZ` is unset).
    public let tz: String?
    /// The zone's name in messages: `TZ` without its `:`, else the zoneinfo name `/etc/localtime` links to.
    /// Computed when asked (only an error message does): finding the name costs more than the zone itself.
    public var identifier: String { tz.map(Self.name(of:)) ?? Self.systemName() }

    /// The zone `tz` names (nil: the system zone).
    /// - Throws: `FlareError` (usage) when glibc does not understand `tz`: it would silently use UTC instead.
    public init(tz: String?) throws(FlareError) {
        self.tz = tz
        guard Self.glibcUnderstands(tz) else {
            throw .usage(
                "unknown time zone '\(tz ?? "")' in TZ; use a zone name such as Europe/Berlin (a file in "
                    + "/usr/share/zoneinfo), a POSIX rule such as EST5EDT,M3.2.0,M11.1.0, or unset TZ for the "
                    + "system zone")
        }
    }

    /// The person's zone: the one `TZ` names, else the system zone.
    /// - Throws: `FlareError` (usage) for a `TZ` glibc does not understand.
    public static func user() throws(FlareError) -> Zone { try Zone(tz: processEnvironment("TZ")) }

    /// The offset from UTC, in seconds east, at `seconds` (Unix time), as `localtime_r` gives it (`tm_gmtoff`).
    public func offsetSeconds(atUnixSeconds seconds: Int64) -> Int { GlibcZone.offset(at: seconds, in: tz) }

    public var description: String { identifier }

    /// Whether glibc reads `tz` as a zone, as `tzset()` does: a zone file (a path, or a name in `TZDIR`, by
    /// default `/usr/share/zoneinfo`), else a POSIX rule. A rule needs a standard-time name and an offset; when
    /// either is missing glibc uses UTC, without a word and even with the name (`garbage` is UTC named
    /// "garbage"), so what it would do cannot be told from its results and is checked here instead.
    static func glibcUnderstands(_ tz: String?) -> Bool {
        guard var value = tz else { return true }  // /etc/localtime, or UTC when there is none
        if value.hasPrefix(":") { value.removeFirst() }
        if value.isEmpty { return true }  // UTC, as POSIX says
        let folder = processEnvironment("TZDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        if isZoneFile(value.hasPrefix("/") ? value : "\(folder)/\(value)") { return true }
        return startsWithStandardTime(value.utf8[...])
    }

    /// A zone file starts with the magic `TZif` (RFC 8536).
    private static func isZoneFile(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var magic: [UInt8] = [0, 0, 0, 0]
        return read(descriptor, &magic, 4) == 4 && magic == Array("TZif".utf8)
    }

    /// `std offset`, the part of a POSIX rule glibc needs: a name of three or more letters (or `<…>` of three
    /// or more letters, digits and signs), then an offset (an optional sign and a digit).
    private static func startsWithStandardTime(_ rule: Substring.UTF8View) -> Bool {
        var rest = rule
        func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func isSign(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }
        if rest.first == UInt8(ascii: "<") {
            guard let close = rest.firstIndex(of: UInt8(ascii: ">")) else { return false }
            let quoted = rest[rest.index(after: rest.startIndex)..<close]
            guard quoted.count >= 3, quoted.allSatisfy({ isLetter($0) || isDigit($0) || isSign($0) }) else {
                return false
            }
            rest = rest[rest.index(after: close)...]
        } else {
            let letters = rest.prefix(while: isLetter).count
            guard letters >= 3 else { return false }
            rest = rest.dropFirst(letters)
        }
        if let sign = rest.first, isSign(sign) { rest = rest.dropFirst() }
        return rest.first.map(isDigit) ?? false
    }

    private static func name(of tz: String) -> String {
        let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
        return name.isEmpty ? "UTC" : name
    }

    /// `Europe/Berlin` when `/etc/localtime` links to `…/zoneinfo/Europe/Berlin`.
    private static func systemName() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/etc/localtime", &buffer, buffer.count - 1)
        guard length > 0 else { return "the system time zone" }
        let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let folder = target.firstRange(of: "zoneinfo/") else { return target }
        return String(target[folder.upperBound...])
    }
}

/// glibc's zone, which is one per process: `tzset()` reads `TZ` from the environment into it and `localtime_r()`
/// reads it. The CLI only ever asks about the zone its own `TZ` names, but a process that asks about several
/// zones (the test suite, whose tests run in parallel on several threads, and the fuzzer) has to set `TZ`, call
/// `tzset()` and call `localtime_r()` as one step that no other thread interleaves, or it reads another zone's
/// offset. `state` is the one lock that makes it one step; nothing else in flarelog touches `TZ` or glibc's zone.
///
/// `TZ` is set only when it differs from what is wanted, and never removed once set (the system zone is then
/// `TZ=/etc/localtime`, glibc's own default, which it reads the same way, UTC included when the file is
/// missing): replacing the value of a variable that exists only swaps one pointer in `environ`, whereas adding
/// or removing one moves the array under any thread reading the environment at that moment (`getenv`,
/// `posix_spawn`), which no lock of ours covers.
enum GlibcZone {
    /// The `TZ` value `tzset()` last ran for, once it has.
    private static let state = Mutex<String??>(.none)

    /// The offset at `seconds` in the zone `tz` names (nil: the system zone), as `localtime_r` gives it.
    static func offset(at seconds: Int64, in tz: String?) -> Int {
        state.withLock { active in
            if active != .some(tz) {
                select(tz)
                tzset()
                active = .some(tz)
            }
            var time = time_t(seconds)
            var local = tm()
            // Only a time beyond the years glibc represents fails; flarelog keeps to 1900-2200.
            guard localtime_r(&time, &local) != nil else { return 0 }
            return Int(local.tm_gmtoff)
        }
    }

    private static func select(_ tz: String?) {
        let current = getenv("TZ").map { String(cString: $0) }
        if let tz {
            if current != tz { setenv("TZ", tz, 1) }
        } else if current != nil, current != "/etc/localtime" {
            setenv("TZ", "/etc/localtime", 1)
        }
    }
}
