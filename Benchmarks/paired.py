#!/usr/bin/env python3
"""Times two or more shell commands in alternating runs and prints medians, spread and ratios.

Usage: paired.py [--runs N] [--warmup N] [--setup CMD] NAME=COMMAND [NAME=COMMAND ...]

Runs alternate (A B A B ...) so that load changes on a shared machine hit every command alike;
the first command is the one measured, the others are yardsticks; ratios are median(first) /
median(other). --setup runs (untimed) before every timed run, e.g. to remove an output file.
Prints one line per command and one 'ratio' line per yardstick; exits non-zero if a command fails.
"""
import argparse
import statistics
import subprocess
import sys
import time


def run(command):
    started = time.perf_counter()
    result = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"paired.py: '{command}' failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--setup", default=None)
    parser.add_argument("commands", nargs="+", help="NAME=COMMAND")
    args = parser.parse_args()
    named = [c.split("=", 1) for c in args.commands]
    times = {name: [] for name, _ in named}
    for round_index in range(args.warmup + args.runs):
        for name, command in named:
            if args.setup:
                subprocess.run(args.setup, shell=True, check=True)
            elapsed = run(command)
            if round_index >= args.warmup:
                times[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"  {name:<28} median {medians[name] * 1000:9.1f} ms   min {min(values) * 1000:9.1f}   "
              f"max {max(values) * 1000:9.1f}   ({len(values)} runs)")
    first = named[0][0]
    for name, _ in named[1:]:
        print(f"  ratio {first} / {name}: {medians[first] / medians[name]:.2f}x")


if __name__ == "__main__":
    main()
