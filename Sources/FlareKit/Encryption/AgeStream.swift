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
/// bytes come in, and the last chunk, flagged as such, at `finish`; or the whole payload at once, on two threads,
/// with `finish(whole:)`.
final class AgeWriter {
    private let descriptor: Int32
    private let name: String
    private let key: SymmetricKey
    /// Where the payload starts: after the header and the payload nonce.
    private let payloadStart: Int
    private var counter: UInt64 = 0
    /// Plaintext not sealed yet: a full chunk waits until more follows, since the last one carries the flag.
    private var pending: [UInt8] = []
    /// Sealed chunks not written yet: written 16 at a time, not with a system call each.
    private var unwritten: [UInt8] = []
    private static let sealedSize = AgeFormat.chunkSize + AgeFormat.tagSize
    private static let writeSize = 16 * sealedSize

    /// Writes the header: a new random file key wrapped with `passphrase` (scrypt, log₂N `workFactor`), the MAC,
    /// and the payload's random nonce.
    init(descriptor: Int32, name: String, passphrase: Passphrase, workFactor: Int) throws {
        self.descriptor = descriptor
        self.name = name
        let fileKey = randomBytes(16)
        let header = try AgeHeader(fileKey: fileKey, passphrase: passphrase, workFactor: workFactor)
        let nonce = randomBytes(16)
        key = AgeFormat.derive(fileKey, salt: nonce, info: "payload")
        let start = header.encoded + nonce
        payloadStart = start.count
        pending.reserveCapacity(AgeFormat.chunkSize)
        unwritten.reserveCapacity(Self.writeSize + Self.sealedSize)
        try Self.output(start, to: descriptor, name: name)
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
        try Self.output(unwritten, to: descriptor, name: name)
        unwritten.removeAll()
    }

    /// Seals `plaintext`, the whole payload of a writer given nothing yet, and writes it. The second half of the
    /// chunks is sealed on another thread meanwhile: each chunk has its own nonce, so none waits for another, and
    /// each batch is written at its own place in the file.
    func finish(whole plaintext: UnsafeRawBufferPointer) throws {
        precondition(counter == 0 && pending.isEmpty, "finish(whole:) after write(_:)")
        let count = max(1, (plaintext.count + AgeFormat.chunkSize - 1) / AgeFormat.chunkSize)
        // The caller keeps `plaintext` mapped until this returns, and the other thread is waited for before then.
        nonisolated(unsafe) let bytes = plaintext
        let (key, descriptor, name, start) = (key, descriptor, name, payloadStart)
        let half = count / 2
        let second = BackgroundWork {
            try Self.sealChunks(half..<count, of: bytes, count: count, key, to: descriptor, at: start, name: name)
        }
        let first = Result {
            try Self.sealChunks(0..<half, of: bytes, count: count, key, to: descriptor, at: start, name: name)
        }
        try second.wait()
        try first.get()
        counter = UInt64(count)
    }

    /// Seals the chunks `range` of the `count` of `plaintext` and writes them at their place after `start`.
    private static func sealChunks(
        _ range: Range<Int>, of plaintext: UnsafeRawBufferPointer, count: Int, _ key: SymmetricKey,
        to descriptor: Int32, at start: Int, name: String
    ) throws {
        var batch: [UInt8] = []
        batch.reserveCapacity(writeSize + sealedSize)
        var batchStart = range.lowerBound
        for index in range {
            let end = min(plaintext.count, (index + 1) * AgeFormat.chunkSize)
            let chunk = UnsafeRawBufferPointer(rebasing: plaintext[index * AgeFormat.chunkSize..<end])
            try append(chunk, counter: UInt64(index), last: index == count - 1, key, to: &batch)
            if batch.count >= writeSize || index == range.upperBound - 1 {
                try output(batch, to: descriptor, at: start + batchStart * sealedSize, name: name)
                batch.removeAll(keepingCapacity: true)
                batchStart = index + 1
            }
        }
    }

    private func seal(_ chunk: UnsafeRawBufferPointer, last: Bool) throws {
        try Self.append(chunk, counter: counter, last: last, key, to: &unwritten)
        counter += 1
        if unwritten.count >= Self.writeSize {
            try Self.output(unwritten, to: descriptor, name: name)
            unwritten.removeAll(keepingCapacity: true)
        }
    }

    /// Appends chunk number `counter`, sealed, to `sealed`.
    private static func append(
        _ chunk: UnsafeRawBufferPointer, counter: UInt64, last: Bool, _ key: SymmetricKey, to sealed: inout [UInt8]
    ) throws {
        let box = try ChaChaPoly.seal(chunk, using: key, nonce: chunkNonce(counter, last: last))
        sealed.append(contentsOf: box.ciphertext)
        sealed.append(contentsOf: box.tag)
    }

    private static func output(_ bytes: [UInt8], to descriptor: Int32, at position: Int? = nil, name: String) throws {
        let cause = bytes.withUnsafeBytes { writeAll($0, to: descriptor, at: position) }
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
