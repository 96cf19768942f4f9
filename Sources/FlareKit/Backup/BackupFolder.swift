import FoundationEssentials
import Glibc

/// The files of a backup folder: naming new backups, listing and pruning old ones, and the
/// file-system steps (fsync, no-clobber publish) that make a backup survive a crash.
public enum BackupFolder {
    /// `$XDG_DATA_HOME/flarelog/backups` (default `~/.local/share/flarelog/backups`).
    public static func defaultPath(environment: EnvironmentLookup = processEnvironment) -> String {
        DatabaseLocation.dataFolder(environment: environment) + "/backups"
    }

    /// `flarelog-YYYYMMDD-HHMMSS` for `date` in UTC.
    static func stem(for date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "flarelog-\(pad(parts.tm_year + 1900, 4))\(pad(parts.tm_mon + 1, 2))\(pad(parts.tm_mday, 2))-"
            + "\(pad(parts.tm_hour, 2))\(pad(parts.tm_min, 2))\(pad(parts.tm_sec, 2))"
    }

    /// The file name ending of an encrypted backup (`.db.age`), after the plain one's.
    static let encryptedEnding = ".age"

    /// The names `stem.db`, `stem-2.db`, `stem-3.db`, … in the order they are tried; `stem.db.age`, … when
    /// `encrypted`.
    static func candidateNames(stem: String, suffix: String = "", encrypted: Bool = false) -> some Sequence<String> {
        let ending = encrypted ? ".db" + encryptedEnding : ".db"
        return (1...).lazy.map { $0 == 1 ? "\(stem)\(suffix)\(ending)" : "\(stem)\(suffix)-\($0)\(ending)" }
    }

    /// The stamp and number of a regular backup name `flarelog-YYYYMMDD-HHMMSS(-N)?.db` or `….db.age`, nil for any
    /// other name (safety backups taken by restore, `flarelog-old.db`, `notes.txt`, …): only these may be pruned.
    static func backupKey(_ name: String) -> (stamp: String, number: Int)? {
        let name = name.hasSuffix(".db" + encryptedEnding) ? String(name.dropLast(encryptedEnding.count)) : name
        let bytes = Array(name.utf8)
        // "flarelog-" 9 + "YYYYMMDD" 8 + "-" 1 + "HHMMSS" 6 + ".db" 3 = 27 bytes at least.
        guard bytes.count >= 27, name.hasPrefix("flarelog-"), name.hasSuffix(".db") else { return nil }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard bytes[9..<17].allSatisfy(isDigit), bytes[17] == UInt8(ascii: "-"), bytes[18..<24].allSatisfy(isDigit)
        else { return nil }
        let stamp = String(decoding: bytes[9..<24], as: UTF8.self)
        let rest = bytes[24..<(bytes.count - 3)]
        if rest.isEmpty { return (stamp, 1) }
        guard rest.first == UInt8(ascii: "-"), rest.count >= 2, rest.count <= 10, rest.dropFirst().allSatisfy(isDigit),
            rest.dropFirst().first != UInt8(ascii: "0"),
            let number = Int(String(decoding: rest.dropFirst(), as: UTF8.self)), number >= 2
        else { return nil }
        return (stamp, number)
    }

    /// Creates `folder` (and missing parents) readable by the owner only, unless it exists.
    static func create(_ folder: String) throws {
        var info = stat()
        if stat(folder, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FlareError(.cannotCreate, "\(folder) is not a folder; choose another backup destination")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FlareError(.cannotCreate, "cannot create the folder \(folder): \(FlareError.causeText(of: error))")
        }
    }

    /// Creates an empty private temporary file `.flarelog-backup-PID-XXXXXX.tmp` in `folder`, after removing the
    /// stale ones killed backups left there.
    static func makeTemporaryFile(in folder: String) throws -> String {
        Leftovers.removeStale(.backup, in: folder)
        var template = Array((folder + "/\(LeftoverKind.backup.ownPrefix)XXXXXX.tmp").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else {
            throw FlareError(.cannotCreate, "cannot create a file in \(folder): \(FlareError.errnoText(errno))")
        }
        // mkstemps creates it 0600 whatever the umask; say so anyway, the file holds health data.
        fchmod(descriptor, 0o600)
        close(descriptor)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Grows the empty file at `path` to `size` bytes and runs `body` on a shared writable mapping of it: what
    /// `body` stores there is the file's content. Returns nil, leaving the file empty, when its file system
    /// cannot map files for writing (ENODEV: e.g. FUSE with direct_io).
    /// The blocks are allocated before `body` runs, so that a full disk or the file-size limit fails here with
    /// an error: a store through the mapping that finds no space kills the process with SIGBUS instead.
    static func withWritableMapping<T>(
        of path: String, size: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> T
    ) throws -> T? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FlareError(.cannotCreate, "cannot write \(path): \(FlareError.errnoText(errno))")
        }
        defer { close(descriptor) }
        // Mapped first: a mapping may reach past the end of the file, and the file stays empty if there is none.
        guard let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0),
            address != MAP_FAILED
        else {
            if errno == ENODEV { return nil }
            throw FlareError(.ioError, "cannot map \(path) into memory: \(FlareError.errnoText(errno))")
        }
        defer { munmap(address, size) }
        let cause = posix_fallocate(descriptor, 0, off_t(size))
        guard cause == 0 else {
            let status: FlareError.Status = cause == ENOSPC || cause == EFBIG ? .ioError : .cannotCreate
            throw FlareError(status, "cannot write \(path): \(FlareError.errnoText(cause))")
        }
        return try body(UnsafeMutableRawBufferPointer(start: address, count: size))
    }

    /// Removes a temporary database and any journal SQLite left beside it.
    static func removeTemporary(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Flushes `path`'s data to stable storage.
    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let cause = errno
            if descriptor >= 0 { close(descriptor) }
            throw FlareError(.ioError, "I/O error: cannot flush \(path) to disk: \(FlareError.errnoText(cause))")
        }
        close(descriptor)
    }

    /// Flushes `folder`'s entries, so a rename or unlink in it survives a power cut.
    static func syncFolder(_ folder: String) throws {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let cause = errno
            if descriptor >= 0 { close(descriptor) }
            throw FlareError(
                .ioError, "I/O error: cannot flush the folder \(folder) to disk: \(FlareError.errnoText(cause))")
        }
        close(descriptor)
    }

    /// Gives `temporary` its final name without ever replacing an existing file: the first free name of
    /// `names` in `folder`, or exactly `file` when given. Returns the final path.
    static func publish(_ temporary: String, as file: String?, in folder: String, names: some Sequence<String>) throws
        -> String
    {
        let targets: AnySequence<String> =
            file.map { AnySequence([$0]) } ?? AnySequence(names.lazy.map { folder + "/" + $0 })
        for target in targets {
            // link() fails with EEXIST instead of replacing: the name appears atomically, complete, and
            // never over another file. rename() is the fallback on file systems without hard links.
            if link(temporary, target) == 0 {
                unlink(temporary)
                return target
            }
            let cause = errno
            if cause == EEXIST {
                if file != nil {
                    throw FlareError(.cannotCreate, "\(target) already exists; flarelog never overwrites a file")
                }
                continue
            }
            guard cause == EPERM || cause == ENOTSUP || cause == EOPNOTSUPP || cause == EMLINK else {
                throw FlareError(.cannotCreate, "cannot create \(target): \(FlareError.errnoText(cause))")
            }
            guard access(target, F_OK) != 0 else {
                if file != nil {
                    throw FlareError(.cannotCreate, "\(target) already exists; flarelog never overwrites a file")
                }
                continue
            }
            guard rename(temporary, target) == 0 else {
                throw FlareError(.cannotCreate, "cannot create \(target): \(FlareError.errnoText(errno))")
            }
            return target
        }
        throw FlareError(.cannotCreate, "no free backup name in \(folder)")
    }
}

/// SQLite's check output as single lines: `integrity_check` can put a "*** in database main ***" line and a
/// newline inside one result row.
func singleLineProblems(_ problems: [String]) -> [String] {
    problems.flatMap { $0.split(whereSeparator: \.isNewline) }.map(String.init)
        .filter { !$0.hasPrefix("*** in database") }
}
