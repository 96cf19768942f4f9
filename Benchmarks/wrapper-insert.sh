#!/usr/bin/env bash
# Inserts entry-like rows in one transaction through our Swift wrapper (Sources/SQLite) and through the raw
# C API, alternately in the same run, and compares rows/s. Target: wrapper >= 0.8x C.
#   array: Statement.run([…])            the general API (array of optional existentials)
#   typed: Statement.run(binding: …)     the typed fast path (parameter pack)
# Ratios are medians of per-run ratios (each wrapper run against the C run just before it), from CPU time
# (what the process itself spent; other builds on a shared machine inflate wall time). Wall time is shown too.
# Usage: Benchmarks/wrapper-insert.sh [ROWS=1000000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (swiftc -O -wmo, gcc -O2)..."
swiftc -O -wmo -module-name Bench -I Sources/CSQLite Sources/SQLite/*.swift Benchmarks/wrapper-insert/main.swift \
    -lsqlite3 -o "$work/wrapper"
gcc -O2 -Wall -o "$work/raw" Benchmarks/wrapper-insert/raw.c -lsqlite3

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$work/results"
for run in $(seq "$runs"); do
    read -r c_wall c_cpu < <("$work/raw" "$work/c.db" "$rows")
    read -r a_wall a_cpu < <("$work/wrapper" "$work/a.db" "$rows" array)
    read -r t_wall t_cpu < <("$work/wrapper" "$work/t.db" "$rows" typed)
    echo "$c_wall $c_cpu $a_wall $a_cpu $t_wall $t_cpu" >>"$work/results"
    printf 'run %d (rows/s, wall / cpu):  C %7d / %7d   array %7d / %7d   typed %7d / %7d\n' "$run" \
        "$c_wall" "$c_cpu" "$a_wall" "$a_cpu" "$t_wall" "$t_cpu"
done
column() { awk -v c="$1" '{ print $c }' "$work/results" | median; }
ratio() { awk -v a="$1" -v b="$2" '{ print $a / $b }' "$work/results" | median; }
printf 'medians of %d runs, %d rows each (rows/s, wall / cpu):\n' "$runs" "$rows"
printf '  C              %7.0f / %7.0f\n' "$(column 1)" "$(column 2)"
printf '  wrapper array  %7.0f / %7.0f   = %.2fx C (cpu), %.2fx (wall)\n' "$(column 3)" "$(column 4)" "$(ratio 4 2)" \
    "$(ratio 3 1)"
printf '  wrapper typed  %7.0f / %7.0f   = %.2fx C (cpu), %.2fx (wall)   target >= 0.80\n' "$(column 5)" \
    "$(column 6)" "$(ratio 6 2)" "$(ratio 5 1)"
