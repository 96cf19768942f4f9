import FoundationEssentials
import Glibc

/// Another program, started the way corelibs Foundation's `Process` started it (without linking corelibs
/// Foundation): standard input and output on /dev/null, in a process group of its own, with no descriptor
/// of ours open but standard error.
struct ChildProcess {
    let id: pid_t

    /// Starts `path`; `arguments` begin with the program's name, `environment` holds `NAME=value` strings.
    ///
    /// - Throws: `FlareError` 70 when the program cannot be started.
    init(_ path: String, arguments: [String], environment: [String], standardError: Int32) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Duplicated first: should `standardError` be 0 or 1 (flarelog started with those closed), the
        // /dev/null opens below would replace it.
        posix_spawn_file_actions_adddup2(&actions, standardError, STDERR_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        // Every other descriptor open now: `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc
        // module does not declare. Closing one that is closed by then (the listing's own) is no error.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > STDERR_FILENO {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own: a Ctrl-C in the terminal reaches flarelog, not the program. No blocked signals:
        // the program would inherit the calling thread's mask, and Dispatch's threads block SIGTERM.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var id = pid_t()
        let result = posix_spawn(&id, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw FlareError(.software, "cannot start \(path): \(FlareError.errnoText(result))")
        }
        self.id = id
    }

    /// Waits up to `timeout` seconds for the program to end. Returns its exit status, or the number of the
    /// signal that ended it; nil when time ran out, after stopping it with SIGTERM.
    func wait(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let result = waitpid(id, &status, WNOHANG)
            if result == id { return status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F }
            // No such child: SIGCHLD is ignored and the system reaped it. Its status is lost; 0 leaves the
            // verdict to the caller's check of the output, as `Process` did.
            if result < 0 && errno == ECHILD { return 0 }
            usleep(50_000)
        }
        kill(id, SIGTERM)
        while waitpid(id, &status, 0) < 0 && errno == EINTR {}
        return nil
    }
}
