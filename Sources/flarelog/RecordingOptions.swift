import ArgumentParser
import FoundationEssentials

/// Options `log` and `note` share: an id that makes a retry safe, and leave to record in the future.
struct RecordingOptions: ParsableArguments {
    @Option(name: .customLong("id"), help: "A UUID for this record; sending the same id again records nothing new.")
    var uid: String?
    @Flag(help: "Accept a time more than 5 minutes in the future.") var allowFuture = false

    func validate() throws {
        if let uid, UUID(uuidString: uid) == nil {
            throw ValidationError("--id must be a UUID such as 3f2b8c4e-1d2a-4e6f-9a7b-0c1d2e3f4a5b")
        }
    }

    /// The record's uid: the one given, or a new random one (lower case, as stored).
    var recordUID: String { uid?.lowercased() ?? UUID().uuidString.lowercased() }
}
