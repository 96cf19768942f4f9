import FoundationEssentials
import Glibc

// Small file-system helpers written against the C library. Their Foundation counterparts (NSString's path
// methods, NSTemporaryDirectory, FileHandle) exist only in corelibs Foundation, whose ~900 protocol
// conformance records the Swift runtime scans on every first conformance question: linking it costs
// every command about 8% of its instructions.

/// Path names split as `NSString` splits them: trailing slashes are ignored, repeated slashes count as one.
public enum PathName {
    /// The folder holding `path`, for opening, flushing or creating files next to it: "/" for a file at the
    /// root, and "." for a bare name (where `deletingLastPathComponent` gives "").
    public static func folder(of path: String) -> String {
        let name = trimmingTrailingSlashes(path[...])
        guard let slash = name.lastIndex(of: "/") else { return name.isEmpty && !path.isEmpty ? "/" : "." }
        let folder = trimmingTrailingSlashes(name[..<slash])
        return folder.isEmpty ? "/" : String(folder)
    }

    /// The last component of `path`: "/" for the root, "" for "".
    public static func lastComponent(of path: String) -> String {
        let name = trimmingTrailingSlashes(path[...])
        if name.isEmpty { return path.isEmpty ? "" : "/" }
        return String(name[(name.lastIndex(of: "/").map(name.index(after:)) ?? name.startIndex)...])
    }

    private static func trimmingTrailingSlashes(_ path: Substring) -> Substring {
        path[..<(path.lastIndex { $0 != "/" }.map(path.index(after:)) ?? path.startIndex)]
    }
}

/// The folder for temporary files: `$TMPDIR`, else `/tmp`, as `NSTemporaryDirectory()` finds it on Linux
/// (without its trailing slash, so that paths built on it, which the demo prints, have none doubled).
func temporaryDirectory(environment: EnvironmentLookup = processEnvironment) -> String {
    guard let folder = environment("TMPDIR"), !folder.isEmpty else { return "/tmp" }
    return folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
}

/// Creates a new folder only its owner can use (`mkdtemp`), named `prefix` and six random characters, under
/// the temporary directory. Returns its path, or nil when it cannot be created.
public func makeTemporaryFolder(prefix: String) -> String? {
    var template = Array("\(temporaryDirectory())/\(prefix)XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress.flatMap { mkdtemp($0) } != nil
    }
    return made ? String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
}

/// Writes all of `bytes` to `descriptor` (at the file offset `position`, with pwrite, when given), resuming after
/// short writes and signals.
/// - Returns: 0, or the `errno` of the write that failed.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at position: Int? = nil) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let start = bytes.baseAddress! + offset
        let written =
            if let position { pwrite(descriptor, start, bytes.count - offset, off_t(position + offset)) } else {
                write(descriptor, start, bytes.count - offset)
            }
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}

/// Writes `text` to standard error at once, unbuffered. A failed write is ignored: there is nowhere left
/// to report it.
public func writeToStandardError(_ text: String) {
    var text = text
    _ = text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
}

/// The first `count` bytes of the file at `path` (fewer when it is shorter; none when reading fails) and
/// the file's size.
///
/// - Throws: `FlareError` 66 when the file cannot be opened.
func readFileStart(_ path: String, count: Int) throws -> (bytes: [UInt8], size: Int64) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
        throw FlareError(.missingInput, "cannot read \(path): \(FlareError.errnoText(errno))")
    }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
        let read = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
        if read < 0 && errno == EINTR { continue }
        if read < 0 { filled = 0 }
        if read <= 0 { break }
        filled += read
    }
    var info = stat()
    return (Array(bytes[..<filled]), fstat(descriptor, &info) == 0 ? Int64(info.st_size) : 0)
}

/// Opens `path` for reading and returns the descriptor, which the caller closes, and what `fstat` says of it.
/// - Throws: `FlareError` with status `missing` when the file cannot be opened, 74 when `fstat` fails.
func openForReading(_ path: String, missing: FlareError.Status) throws -> (descriptor: Int32, info: stat) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
        throw FlareError(missing, "cannot read \(path): \(FlareError.errnoText(errno))")
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
        let cause = errno
        close(descriptor)
        throw FlareError(.ioError, "cannot read \(path): \(FlareError.errnoText(cause))")
    }
    return (descriptor, info)
}

/// Runs `body` on the bytes of the file at `path`, read through a private read-only memory mapping: they are
/// read in place, where read() would first copy every byte into a buffer. The file must not shrink meanwhile.
/// - Throws: `FlareError` (.ioError) when the file cannot be read.
func withMappedFile<Result>(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
    let (descriptor, info) = try openForReading(path, missing: .ioError)
    defer { close(descriptor) }
    let size = Int(info.st_size)
    guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
        throw FlareError(.ioError, "cannot read \(path): \(FlareError.errnoText(errno))")
    }
    defer { munmap(address, size) }
    madvise(address, size, MADV_SEQUENTIAL)
    return try body(UnsafeRawBufferPointer(start: address, count: size))
}

/// All the bytes of the file at `path`, read (not memory-mapped: a mapped file that another program truncates
/// kills the reader with SIGBUS at the first page past the new end).
///
/// A regular file must stay as it was measured: when its size or modification time moves while it is read,
/// or it holds more or fewer bytes than its size said, another program is changing it and what was read
/// is no whole version of it.
/// - Throws: `FlareError` 66 when the file cannot be opened, 74 when reading fails or the file changes.
func readWholeFile(_ path: String) throws -> [UInt8] {
    let (descriptor, before) = try openForReading(path, missing: .missingInput)
    defer { close(descriptor) }
    guard (before.st_mode & S_IFMT) == S_IFREG else {
        // A pipe or device: read until it ends.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try readFully(descriptor, into: $0, path: path) }
            bytes += chunk[..<count]
            if count < chunk.count { return bytes }
        }
    }
    // One byte more than the size, so that a file growing meanwhile is noticed.
    var filled = 0
    let bytes = try [UInt8](unsafeUninitializedCapacity: Int(before.st_size) + 1) { buffer, initialized in
        filled = try readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), path: path)
        initialized = filled
    }
    var after = stat()
    let unchanged =
        fstat(descriptor, &after) == 0 && filled == before.st_size && after.st_size == before.st_size
        && after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec
    guard unchanged else {
        throw FlareError(
            .ioError,
            "\(path) changed while it was read (\(before.st_size) bytes, then \(filled)); nothing was imported;"
                + " import it again once nothing is writing to it")
    }
    return bytes
}

/// Reads from `descriptor` into `buffer` until the file or the buffer ends; returns the bytes read.
func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
    var filled = 0
    while filled < buffer.count {
        let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else {
            throw FlareError(.ioError, "cannot read \(path): \(FlareError.errnoText(errno))")
        }
        if count == 0 { break }
        filled += count
    }
    return filled
}

/// Writes a new `0600` file at `path` whole or not at all: `body` fills a temporary file in the same folder,
/// which is then flushed, renamed over `path`, and the folder flushed so that the rename survives a power cut.
/// A failure at any step removes the temporary file and leaves `path` as it was. The temporary file is named as a
/// leftover of `kind` (with this process's pid), and the stale leftovers of that kind in the folder, which killed
/// processes left, are removed first.
///
/// - Throws: what `body` throws; `FlareError` 73 when the file cannot be created or renamed into place, 74
///   when flushing it fails.
func writeAtomically<Result>(
    to path: String, leftovers kind: LeftoverKind, _ body: (_ descriptor: Int32) throws -> Result
) throws -> Result {
    let folder = PathName.folder(of: path)
    Leftovers.removeStale(kind, in: folder)
    let temporary = "\(folder)/\(kind.ownPrefix)\(UInt32.random(in: 0...UInt32.max)).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
        throw FlareError(.cannotCreate, "cannot create \(path): \(FlareError.errnoText(errno))")
    }
    var renamed = false
    defer { if !renamed { unlink(temporary) } }
    let result: Result
    do {
        result = try body(descriptor)
    } catch {
        close(descriptor)
        throw error
    }
    var failure = fsync(descriptor) == 0 ? 0 : errno
    if close(descriptor) != 0, failure == 0 { failure = errno }
    guard failure == 0 else {
        throw FlareError(.ioError, "cannot write \(path): \(FlareError.errnoText(failure))")
    }
    guard rename(temporary, path) == 0 else {
        throw FlareError(.cannotCreate, "cannot write \(path): \(FlareError.errnoText(errno))")
    }
    renamed = true
    flushFolder(folder)
    return result
}

/// Flushes `folder`'s entries, so that a new name in it survives a power cut. Best effort: the file is in
/// place already, and some file systems cannot flush a folder.
func flushFolder(_ folder: String) {
    let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if descriptor >= 0 {
        fsync(descriptor)
        close(descriptor)
    }
}
