#!/usr/bin/env python3
"""The one timing helper of the benchmarks: runs commands in alternating rounds (A B A B ...) and
reports per-command medians and per-round ratios with their spread.

Alternating rounds make load changes on a shared machine hit every command alike; the ratio of each
round (flarelog's run against the yardstick's run right next to it) is computed first, and its median
and range reported, so no absolute time is ever judged. Each run is started with posix_spawn (no
shell, no fork of this Python process), its wall time taken around spawn and wait, and its CPU time
(user + system) and peak RSS read from wait4.

As a module: `rounds([(name, argv), ...], runs=5)` returns {name: [Sample, ...]}; `ratios(a, b)` the
per-round ratios. As a command, for ad-hoc comparisons:

    paired.py [--runs N] [--warmup N] [--setup CMD] NAME=COMMAND [NAME=COMMAND ...]
"""
import argparse
import dataclasses
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


@dataclasses.dataclass
class Sample:
    wall: float  # seconds, spawn to exit
    cpu: float  # seconds of user + system time of the process and the children it waited for
    output: str  # standard output, when asked for


class CommandFailed(Exception):
    pass


def run_once(argv, env=None, capture=False):
    """Runs argv once (stdin and, unless captured, stdout from/to /dev/null) and returns a Sample."""
    executable = argv[0] if "/" in argv[0] else shutil.which(argv[0])
    if executable is None:
        raise CommandFailed(f"{argv[0]}: not found")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1) if capture else (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
        ]
        started = time.perf_counter()
        pid = os.posix_spawn(executable, argv, env if env is not None else os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")[-800:]
            raise CommandFailed(f"'{shlex.join(argv)}' failed ({os.waitstatus_to_exitcode(status)}): {message}")
        out.seek(0)
        return Sample(wall, usage.ru_utime + usage.ru_stime, out.read().decode() if capture else "")


def rounds(commands, runs=5, warmup=1, setup=None, env=None, capture=False):
    """Runs every (name, argv) of `commands` once per round, in order, for warmup + runs rounds.

    `setup`, a callable, runs untimed before every run with the command's name (e.g. to remove the
    output of that command's previous run).
    Warm-up rounds are not recorded: they fill the page cache for every command alike.
    """
    samples = {name: [] for name, _ in commands}
    for index in range(warmup + runs):
        for name, argv in commands:
            if setup:
                setup(name)
            sample = run_once(argv, env=env, capture=capture)
            if index >= warmup:
                samples[name].append(sample)
    return samples


def ratios(numerator, denominator, field="wall"):
    """Per-round ratios numerator[i] / denominator[i] of a Sample field (or a function of a Sample)."""
    value = field if callable(field) else (lambda sample: getattr(sample, field))
    return [value(a) / value(b) for a, b in zip(numerator, denominator)]


def median(values):
    return statistics.median(values)


def peak_rss_mib(argv, env=None):
    """Peak resident set size of one run of argv, in MiB, measured by GNU time.

    (wait4 from this process would report Python's own size: a spawned child's high-water mark starts
    from the parent's address space it replaced.)
    """
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, check=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--setup", default=None, help="shell command run untimed before every run")
    parser.add_argument("commands", nargs="+", help="NAME=COMMAND (split like a shell would, not run by one)")
    args = parser.parse_args()
    named = [(name, shlex.split(command)) for name, command in (c.split("=", 1) for c in args.commands)]
    setup = (lambda _name: subprocess.run(args.setup, shell=True, check=True)) if args.setup else None
    try:
        samples = rounds(named, runs=args.runs, warmup=args.warmup, setup=setup)
    except CommandFailed as error:
        sys.exit(f"paired.py: {error}")
    for name, values in samples.items():
        walls = [s.wall * 1000 for s in values]
        cpus = [s.cpu * 1000 for s in values]
        print(f"  {name:<28} wall median {median(walls):9.1f} ms ({min(walls):.1f}-{max(walls):.1f})   "
              f"cpu median {median(cpus):9.1f} ms   ({len(values)} runs)")
    first = named[0][0]
    for name, _ in named[1:]:
        wall = ratios(samples[first], samples[name])
        cpu = ratios(samples[first], samples[name], "cpu")
        print(f"  ratio {first} / {name}: wall {median(wall):.2f}x ({min(wall):.2f}-{max(wall):.2f}), "
              f"cpu {median(cpu):.2f}x ({min(cpu):.2f}-{max(cpu):.2f})")


if __name__ == "__main__":
    main()
