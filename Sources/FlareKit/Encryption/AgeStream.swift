import Crypto
import FoundationEssentials
import Glibc

/// The payload nonce of chunk `counter`: an 11-byte big-endian counter and a last-chunk flag (STREAM).
private func chunkNonce(_ counter: UInt64, last: Bool) -> ChaChaPoly.Nonce {
    var bytes = [UInt8](repeating: 0, count: 12)
    for index in 0..<8 { bytes[10 - index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
    bytes[11] = last ? 1 : 0
    // A 12-byte nonce is always valid.
    return try! ChaChaPoly.Nonce(data: bytes)
}

/// Writes an age file to a file descriptor: the header at once, then the payload in sealed 64 KiB chunks as
/// bytes come in, and the last chunk, flagged as such, at `finish`.
final class AgeWriter {
    private let descriptor: Int32
    private let name: String
    private let key: SymmetricKey
    private var counter: UInt64 = 0
    /// Plaintext not sealed yet: a full chunk waits until more follows, since the last one carries the flag.
    private var pending: [UInt8] = []
    /// Sealed chunks not written yet: written 16 at a time, not with a system call each.
    private var unwritten: [UInt8] = []
    private static let writeSize = 16 * (AgeFormat.chunkSize + AgeFormat.tagSize)

    /// Writes the header: a new random file key wrapped with `passphrase` (scrypt, log₂N `workFactor`), the MAC,
    /// and the payload's random nonce.
    init(descriptor: Int32, name: String, passphrase: Passphrase, workFactor: Int) throws {
        self.descriptor = descriptor
        self.name = name
        let fileKey = randomBytes(16)
        let header = try AgeHeader(fileKey: fileKey, passphrase: passphrase, workFactor: workFactor)
        let nonce = randomBytes(16)
        key = AgeFormat.derive(fileKey, salt: nonce, info: "payload")
        pending.reserveCapacity(AgeFormat.chunkSize)
        unwritten.reserveCapacity(Self.writeSize + AgeFormat.chunkSize + AgeFormat.tagSize)
        try output(header.encoded + nonce)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var bytes = bytes[...]
        // A full chunk is sealed straight from `bytes` once it is known not to be the last one.
        if !pending.isEmpty {
            let taken = min(AgeFormat.chunkSize - pending.count, bytes.count)
            pending.append(contentsOf: bytes.prefix(taken))
            bytes = bytes.dropFirst(taken)
            guard !bytes.isEmpty else { return }
            try pending.withUnsafeBytes { try seal($0, last: false) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count > AgeFormat.chunkSize {
            try seal(UnsafeRawBufferPointer(rebasing: bytes.prefix(AgeFormat.chunkSize)), last: false)
            bytes = bytes.dropFirst(AgeFormat.chunkSize)
        }
        pending.append(contentsOf: bytes)
    }

    /// Seals what is left as the last chunk (empty only when nothing was written at all) and writes it.
    func finish() throws {
        try pending.withUnsafeBytes { try seal($0, last: true) }
        pending.removeAll()
        try output(unwritten)
        unwritten.removeAll()
    }

    private func seal(_ chunk: UnsafeRawBufferPointer, last: Bool) throws {
        let sealed = try ChaChaPoly.seal(chunk, using: key, nonce: chunkNonce(counter, last: last))
        counter += 1
        unwritten.append(contentsOf: sealed.ciphertext)
        unwritten.append(contentsOf: sealed.tag)
        if unwritten.count >= Self.writeSize {
            try output(unwritten)
            unwritten.removeAll(keepingCapacity: true)
        }
    }

    private func output(_ bytes: [UInt8]) throws {
        let cause = bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
        guard cause == 0 else { throw FlareError.writeFailure(cause, path: name) }
    }
}

@available(*, unavailable, message: "a writer belongs to the command that opened it")
extension AgeWriter: Sendable {}

/// Reading an age file with a passphrase.
enum AgeReader {
    /// How much of the file start is read for the header: a scrypt header is about 150 bytes.
    private static let headerLimit = 4096

    /// Decrypts the age file at `path`, handing the plaintext to `body` one authenticated chunk (at most 64 KiB)
    /// at a time. A later chunk can still fail: when this throws, what `body` got must be thrown away.
    /// - Throws: `AgeError` for a wrong passphrase or a file that is not a sound age file, `FlareError` when the
    ///   file cannot be read.
    static func decrypt(_ path: String, passphrase: Passphrase, _ body: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        let (descriptor, _) = try openForReading(path, missing: .missingInput)
        defer { close(descriptor) }
        func take(_ count: Int) throws -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            let filled = try bytes.withUnsafeMutableBytes { try readFully(descriptor, into: $0, path: path) }
            bytes.removeLast(count - filled)
            return bytes
        }
        let start = try take(headerLimit)
        let (header, length) = try AgeHeader.parse(start)
        let fileKey = try header.fileKey(passphrase)
        var carry = start[length...]
        /// The next `count` bytes of the payload: the rest of the first read, then the file.
        func next(_ count: Int) throws -> [UInt8] {
            let head = Array(carry.prefix(count))
            carry = carry.dropFirst(head.count)
            return head.count == count ? head : head + (try take(count - head.count))
        }
        let nonce = try next(16)
        guard nonce.count == 16 else { throw AgeError.payload("it ends before the payload") }
        let key = AgeFormat.derive(fileKey, salt: nonce, info: "payload")
        let sealedSize = AgeFormat.chunkSize + AgeFormat.tagSize
        var counter: UInt64 = 0
        var current = try next(sealedSize)
        while true {
            guard current.count >= AgeFormat.tagSize else { throw AgeError.payload("it is cut short") }
            // Only a full chunk can have another after it; a chunk with nothing after it must be flagged last.
            let following = current.count == sealedSize ? try next(sealedSize) : []
            let last = following.isEmpty
            let plaintext: Data
            do {
                let box = try ChaChaPoly.SealedBox(
                    nonce: chunkNonce(counter, last: last), ciphertext: current.dropLast(AgeFormat.tagSize),
                    tag: current.suffix(AgeFormat.tagSize))
                plaintext = try ChaChaPoly.open(box, using: key)
            } catch {
                throw AgeError.payload(last ? "it is cut short or changed" : "it was changed")
            }
            if last && plaintext.isEmpty && counter > 0 { throw AgeError.payload("an empty last chunk") }
            try plaintext.withUnsafeBytes { try body($0) }
            if last { return }
            current = following
            counter += 1
        }
    }
}
