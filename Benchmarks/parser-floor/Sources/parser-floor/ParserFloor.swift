import ArgumentParser

/// Parses `--version`, or `log NAME [--at WHEN]`, and does nothing else: what any swift-argument-parser
/// command costs before it runs a line of its own.
@main struct ParserFloor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parser-floor", version: "1.0", subcommands: [Log.self])

    struct Log: ParsableCommand {
        @Argument(help: "A name.") var name: String
        @Option(help: "A time.") var at: String?

        func run() {}
    }
}
