import ArgumentParser

/// The subcommand of a command line parsed on its own, as a root command, when that succeeds.
///
/// `Flarelog.parseAsRoot()` first passes over the arguments as the root command: it builds the root's argument
/// set to look for a completion-script request, and builds the named subcommand's argument set twice more to
/// ask whether it takes passthrough arguments. Each build reflects over the command's properties; together they
/// were about a third of the instructions of `flarelog list` (callgrind). A subcommand parsed on its own builds
/// its set once. Only a command line that is the global options and then a subcommand takes this way, and only
/// when that parse succeeds: anything else, an error, `--help` or `--version` among them, goes through
/// `parseAsRoot()` from the start, so every message is the one the whole command line gives.
enum DirectSubcommand {
    static func parse(_ arguments: [String]) -> ParsableCommand? {
        var globals: [String] = []
        var rest = arguments[...]
        // Only plain values: ArgumentParser reads an empty `--db=` or a value that looks like an option in ways
        // of its own (the fuzz target found `--db= edit …`), which the whole parse may as well decide.
        while let first = rest.first {
            if first == "--db", rest.count > 1, let value = rest.dropFirst().first, !value.hasPrefix("-") {
                globals += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db="), first.count > 5 {
                globals.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        // Only a subcommand without subcommands of its own: its parse gives an instance of it or fails.
        guard let name = rest.first,
            let command = Flarelog.configuration.subcommands.first(where: { $0.configuration.commandName == name }),
            command.configuration.subcommands.isEmpty
        else { return nil }
        // The global options first: after the subcommand's own arguments they could follow a `--`.
        guard let parsed = try? command.parseAsRoot(globals + rest.dropFirst()) else { return nil }
        // `--help` is no error: the parse gives ArgumentParser's help command, whose help would name the
        // subcommand as if it were the program.
        return type(of: parsed) == command ? parsed : nil
    }
}
