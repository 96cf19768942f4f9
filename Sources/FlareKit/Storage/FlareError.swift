import CSQLite
import Foundation
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
        // A full disk also shows up as an I/O error (e.g. while creating the WAL); errno tells.
        if error.systemErrno == ENOSPC || error.systemErrno == EFBIG {
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

    static func errnoText(_ code: Int32) -> String {
        code == 0 ? "unknown cause" : String(cString: strerror(code))
    }
}
