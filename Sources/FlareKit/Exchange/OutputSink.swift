import FoundationEssentials
import Glibc

/// Buffered bytes on their way to a file descriptor, or to an age file's encryption: export writes in 1 MiB
/// chunks, never the whole file.
final class OutputSink {
    private let descriptor: Int32
    private let encryptor: AgeWriter?
    private let name: String
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 20

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        encryptor = nil
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// A sink whose bytes `encryptor` seals (the caller finishes it).
    init(encryptor: AgeWriter, name: String) {
        descriptor = -1
        self.name = name
        self.encryptor = encryptor
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Appends one CSV field, quoted only when it holds a comma, a quote, CR or LF (RFC 4180).
    func writeCSVField(_ text: String?) throws {
        guard var text else { return }
        text.withUTF8 { utf8 in
            let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                buffer.append(contentsOf: utf8)
                return
            }
            buffer.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }

    /// Appends one CSV record: fields separated by commas, ended by LF.
    func writeCSVRecord(_ fields: [String?]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            try writeCSVField(field)
        }
        buffer.append(0x0A)
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Writes out everything buffered.
    func flush() throws {
        if let encryptor {
            try buffer.withUnsafeBytes { try encryptor.write($0) }
        } else {
            let cause = buffer.withUnsafeBytes { writeAll($0, to: descriptor) }
            guard cause == 0 else { throw FlareError.writeFailure(cause, path: name) }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

@available(*, unavailable, message: "a sink belongs to the command that opened it")
extension OutputSink: Sendable {}
