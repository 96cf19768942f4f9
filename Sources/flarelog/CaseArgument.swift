import ArgumentParser

/// An enum whose string raw values are its command-line values.
///
/// ArgumentParser's own `allValueStrings` for such enums maps the cases through a key path, which the runtime
/// builds anew on every call; parsing one `flarelog log` asks 16 times, 4% of the whole command.
protocol CaseArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseArgument {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }

    /// No value has a description of its own: ArgumentParser's default finds that out by comparing every case's
    /// two descriptions, through dynamic casts, each time a command using the enum is parsed.
    public static var allValueDescriptions: [String: String] { [:] }
}
