import FoundationEssentials
import Glibc

/// How flarelog encrypts a file: the passphrase and scrypt's work factor.
public struct Encryption: Sendable {
    public let passphrase: Passphrase
    /// log₂N of scrypt.
    public let workFactor: Int

    public init(passphrase: Passphrase, workFactor: Int = AgeFormat.defaultWorkFactor) {
        self.passphrase = passphrase
        self.workFactor = workFactor
    }
}

/// Whole-file steps on age files: encrypting a finished file, decrypting one for a check, into memory or into a
/// private temporary file.
enum EncryptedFile {
    /// The one refusal for every way an age file fails to open: a wrong passphrase and a changed file must look
    /// alike, and neither names the passphrase.
    static func refusal(_ path: String, what: String) -> FlareError {
        FlareError(.badData, "\(path): wrong passphrase, or not a flarelog \(what); nothing was changed")
    }

    /// Runs `body`, turning an `AgeError` into `refusal(path, what:)`; a too high work factor says so.
    static func opening<T>(_ path: String, what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AgeError {
            if case .workFactor = error { throw FlareError(.badData, "\(path): \(error); nothing was changed") }
            throw refusal(path, what: what)
        }
    }

    /// Writes a new age file at `path` whole or not at all (`writeAtomically`): `body` gives the plaintext to the
    /// writer, whose last chunk is sealed after it returns.
    static func writeSealed<Result>(
        to path: String, leftovers: LeftoverKind, _ encryption: Encryption, _ body: (AgeWriter) throws -> Result
    ) throws -> Result {
        try writeAtomically(to: path, leftovers: leftovers) { descriptor in
            let writer = try AgeWriter(
                descriptor: descriptor, name: path, passphrase: encryption.passphrase,
                workFactor: encryption.workFactor)
            let result = try body(writer)
            try writer.finish()
            return result
        }
    }

    /// True when the age file at `path` opens with `passphrase` and its first chunk starts as `isOwn` says: what
    /// an encrypted `--out` may replace.
    static func beginsLike(_ path: String, _ passphrase: Passphrase, _ isOwn: ([UInt8]) -> Bool) -> Bool {
        struct FirstChunk: Error { let bytes: [UInt8] }
        do {
            try AgeReader.decrypt(path, passphrase: passphrase) { throw FirstChunk(bytes: Array($0)) }
        } catch let first as FirstChunk {
            return isOwn(first.bytes)
        } catch {
            return false
        }
        return false
    }

    /// Encrypts the file at `source` into the open file `descriptor` (named `name` in errors).
    static func encrypt(fileAt source: String, to descriptor: Int32, name: String, _ encryption: Encryption) throws {
        let writer = try AgeWriter(
            descriptor: descriptor, name: name, passphrase: encryption.passphrase, workFactor: encryption.workFactor)
        try withMappedFile(source) { try writer.finish(whole: $0) }
    }

    /// True when the age file at `path` decrypts with `passphrase` to exactly the bytes of the file at `plaintext`:
    /// decrypted in memory a chunk at a time, each chunk compared with the same bytes of `plaintext`.
    /// - Throws: `AgeError` when it does not open with `passphrase`.
    static func decrypts(_ path: String, to plaintext: String, _ passphrase: Passphrase) throws -> Bool {
        try withMappedFile(plaintext) { expected in
            var compared = 0
            var same = true
            try AgeReader.decrypt(path, passphrase: passphrase) { chunk in
                guard same, chunk.count > 0 else { return }
                same =
                    compared + chunk.count <= expected.count
                    && memcmp(chunk.baseAddress!, expected.baseAddress! + compared, chunk.count) == 0
                compared += chunk.count
            }
            return same && compared == expected.count
        }
    }

    /// The whole plaintext of the age file at `path`, in memory: what `import` reads.
    /// - Throws: `AgeError` when it does not open with `passphrase`.
    static func decrypt(_ path: String, _ passphrase: Passphrase) throws -> [UInt8] {
        var plaintext: [UInt8] = []
        try AgeReader.decrypt(path, passphrase: passphrase) { plaintext.append(contentsOf: $0) }
        return plaintext
    }

    /// Decrypts the age file at `path` into a new private temporary file (0600) in `folder` and returns its path.
    /// Nothing is left behind when it fails: the partial plaintext of a damaged file is removed.
    /// - Throws: `AgeError` when it does not open with `passphrase`, `FlareError` when writing fails.
    static func decryptToTemporaryFile(_ path: String, _ passphrase: Passphrase, in folder: String) throws -> String {
        let temporary = try BackupFolder.makeTemporaryFile(in: folder)
        do {
            let descriptor = open(temporary, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw FlareError(.cannotCreate, "cannot write \(temporary): \(FlareError.errnoText(errno))")
            }
            defer { close(descriptor) }
            try AgeReader.decrypt(path, passphrase: passphrase) { chunk in
                let cause = writeAll(chunk, to: descriptor)
                guard cause == 0 else { throw FlareError.writeFailure(cause, path: temporary) }
            }
            return temporary
        } catch {
            BackupFolder.removeTemporary(temporary)
            throw error
        }
    }
}
