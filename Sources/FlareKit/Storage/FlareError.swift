import CSQLite
import FoundationEssentials
import Glibc
import SQLite

/// An error a person can act on: one line of plain words and the sysexits status to end with.
public struct FlareError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The sysexits(3) status of each kind of failure.
    public enum Status: Int32, Sendable {
        /// `check` found problems in a database it could read.
        case problemsFound = 1
        case usage = 64
        case badData = 65
        case missingInput = 66
        case software = 70
        case cannotCreate = 73
        case ioError = 74
        case temporaryFailure = 75
    }

    public let status: Status
    public let message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    public static func badData(_ message: String) -> FlareError { FlareError(.badData, message) }
    public static func usage(_ message: String) -> FlareError { FlareError(.usage, message) }

    /// The error that says `path` is not a flarelog database, the same wording for every cause.
    static func notFlarelog(_ path: String, _ reason: String) -> FlareError {
        FlareError(.badData, "\(path) is not a flarelog database (\(reason)); check the --db path")
    }

    /// Translates a SQLite failure into the user's words, keeping SQLite's own message as the detail.
    public init(_ error: SQLiteError, path: String) {
        let detail = "SQLite error \(error.code): \(error.message)"
        // A full disk or a file-size limit also shows up as an I/O error (e.g. while creating the WAL). errno
        // tells when SQLite kept it; sqlite3_system_errno reads errno after the failure, which later calls may
        // have reset to 0, so then the file system and the limit are asked.
        let cause =
            error.primaryCode == SQLITE_IOERR && error.systemErrno == 0
            ? Self.probableCause(path: path) : error.systemErrno
        if cause == EFBIG {
            self.init(
                .ioError,
                "the file size limit (ulimit -f) was reached while writing \(path); raise it and try again (\(detail))")
            return
        }
        if cause == ENOSPC {
            self.init(.ioError, "disk full while writing \(path); free some space and try again (\(detail))")
            return
        }
        switch error.primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED:
            self.init(.temporaryFailure, "the database is locked by another flarelog; try again (\(detail))")
        case SQLITE_FULL:
            self.init(.ioError, "disk full while writing \(path); free some space and try again (\(detail))")
        case SQLITE_IOERR:
            self.init(.ioError, "I/O error on \(path): \(Self.errnoText(error.systemErrno)) (\(detail))")
        case SQLITE_NOTADB:
            self = .notFlarelog(path, "not an SQLite file")
        case SQLITE_CORRUPT:
            self.init(
                .badData,
                "\(path) is damaged (\(detail)); run 'flarelog check --full' and restore a backup with 'flarelog restore'"
            )
        case SQLITE_READONLY:
            self.init(.cannotCreate, "\(path) is read-only; check its permissions (\(detail))")
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            self.init(.cannotCreate, "cannot open \(path): \(Self.errnoText(error.systemErrno)) (\(detail))")
        case SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_TOOBIG, SQLITE_RANGE:
            self.init(.badData, "the database refused the change: \(error.message)")
        default:
            self.init(.software, "internal error on \(path): \(error.description)")
        }
    }

    /// EFBIG when the database or its WAL has reached the file-size limit, ENOSPC when its file system has
    /// (almost) no space left, else 0: the likely errno of an I/O error that came without one.
    static func probableCause(path: String) -> Int32 {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            for file in [path, path + "-wal", path + "-shm"] {
                var info = stat()
                // Within a page or two of the limit: the next write could not fit.
                if stat(file, &info) == 0, UInt64(info.st_size) + 65536 > UInt64(limit.rlim_cur) { return EFBIG }
            }
        }
        var space = statvfs()
        if statvfs(PathName.folder(of: path), &space) == 0,
            UInt64(space.f_bavail) * UInt64(space.f_frsize) < 65536
        {
            return ENOSPC
        }
        return 0
    }

    /// A failed write of a file: 74 when the disk, the file-size limit (`ulimit -f`) or the device failed it,
    /// else 73.
    static func writeFailure(_ cause: Int32, path: String) -> FlareError {
        if cause == EFBIG {
            return FlareError(
                .ioError, "the file size limit (ulimit -f) was reached while writing \(path); raise it and try again")
        }
        let status: Status = [ENOSPC, EIO, EDQUOT].contains(cause) ? .ioError : .cannotCreate
        return FlareError(status, "cannot write \(path): \(errnoText(cause))")
    }

    static func errnoText(_ code: Int32) -> String {
        code == 0 ? "unknown cause" : String(cString: strerror(code))
    }

    /// The `errno` behind a failed FileManager or Data call, when it has one.
    static func systemErrno(of error: any Error) -> Int32? {
        ((error as? CocoaError)?.underlying as? POSIXError)?.code.rawValue
    }

    /// Why a FileManager call failed, in the words of `errnoText`.
    static func causeText(of error: any Error) -> String { errnoText(systemErrno(of: error) ?? 0) }
}
