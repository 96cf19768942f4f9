import Foundation
import Testing

/// A real terminal for the interactive commands: a tmux session on a private socket, typed into with
/// `send-keys` and read with `capture-pane`. The command runs in the test's home with its environment; when it
/// ends, the pane shows `[exit N]` and then `[terminal: echo]` or `[terminal: -echo]`, whether the terminal it
/// left behind shows what is typed.
final class Terminal {
    /// tmux (Debian package `tmux`; `.ci/run` installs it), or nil when this machine has none.
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let missing = "tmux is not installed (apt-get install -y tmux); the terminal tests of checkin need it"

    private let socket: String
    private let cli: CLI

    /// Starts `flarelog --db <database> arguments…` in a new 250×50 terminal.
    init(_ cli: CLI, _ arguments: [String]) throws {
        self.cli = cli
        socket = cli.path("tmux-\(UUID().uuidString.prefix(8)).sock")
        let words = [CLI.binary.path, "--db", cli.database] + arguments
        let echoState = "stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo"
        // The shell traps SIGINT (its child still starts with the default action) so that it outlives a Ctrl-C
        // that kills the command: a shell that does not, dies with its child and takes the pane with it.
        let command =
            "trap true INT; " + words.map(Self.quoted).joined(separator: " ")
            + "; echo \"[exit $?]\"; echo \"[terminal: $(\(echoState))]\"; sleep 120"
        try startServer(["-f", "/dev/null", "new-session", "-d", "-x", "250", "-y", "50", "-s", "t", command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Types `text` and Enter.
    func answer(_ text: String) throws {
        if !text.isEmpty { try tmux(["send-keys", "-t", "t", "-l", text]) }
        try tmux(["send-keys", "-t", "t", "Enter"])
    }

    /// Presses a key by its tmux name (`C-c`, `C-d`).
    func press(_ key: String) throws { try tmux(["send-keys", "-t", "t", key]) }

    /// Sends `signal` to the running flarelog (the pane's shell's child), as `kill` from elsewhere would.
    func send(_ signal: Int32) throws {
        let shell = try tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let pids = children.split(separator: " ").compactMap { pid_t($0) }
        try #require(pids.count == 1, "the pane's shell runs \(pids.count) children, not one flarelog")
        #expect(kill(pids[0], signal) == 0)
    }

    /// The screen, wrapped lines joined.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-J", "-t", "t"]) }

    /// Waits (up to 20 s) until `text` is on the screen `times` times; returns the screen.
    @discardableResult
    func waitFor(_ text: String, times: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(20)
        var shown = ""
        while Date() < deadline {
            shown = try screen()
            if shown.components(separatedBy: text).count - 1 >= times { return shown }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("'\(text)' (\(times)×) never appeared; the screen:\n\(shown)", sourceLocation: sourceLocation)
        return shown
    }

    /// Starts the tmux server with posix_spawn rather than `Process`: the server keeps every descriptor it
    /// inherits, and `Process` learns that its child ended from a socket the child holds, which the server would
    /// hold open for ever.
    private func startServer(_ arguments: [String]) throws {
        let argv = ([Self.tmux ?? "tmux", "-S", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = cli.environment.merging(["TERM": "xterm-256color"]) { $1 }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // A shell starts with no signal blocked or ignored; the test process's threads may block some (Ctrl-C's
        // SIGINT among them), and a spawned child would inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let spawned = posix_spawn(&pid, Self.tmux ?? "tmux", &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tmux ?? "tmux")
        process.arguments = ["-S", socket] + arguments
        process.environment = cli.environment.merging(["TERM": "xterm-256color"]) { $1 }
        process.currentDirectoryURL = cli.home
        let out = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
