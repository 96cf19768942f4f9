#!/usr/bin/env bash
# flarelog correlate on 1,000,000 entries (30 items, 10 years) against two yardsticks measured in the
# same run: the numpy/scipy reference reading the same file (target: flarelog <= 0.5x its time) and a C
# program running only the GROUP BY aggregation (target: <= 2x). Also peak memory (target <= 64 MiB)
# and how the cost grows at 10k, 100k and 1M entries.
# Usage: Benchmarks/correlate.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product flarelog >/dev/null
flarelog=$PWD/.build/release/flarelog
cc -O2 Benchmarks/aggregate.c -lsqlite3 -o "$work/aggregate"

echo "== correlate on 1,000,000 entries"
Benchmarks/make-database.sh "$flarelog" "$work/1m.db" 1000000
python3 Benchmarks/paired.py --runs "$runs" \
    "flarelog=$flarelog --db $work/1m.db correlate --format json" \
    "numpy/scipy=python3 Benchmarks/correlate_numpy.py $work/1m.db" \
    "C GROUP BY=$work/aggregate $work/1m.db"
peak=$(/usr/bin/time -f %M "$flarelog" --db "$work/1m.db" correlate --format json 2>&1 >/dev/null | tail -1)
echo "  peak RSS of flarelog correlate: $((peak / 1024)) MiB (target <= 64 MiB)"

echo "== growth: flarelog correlate and list --limit 50 at 10k, 100k, 1M entries"
for n in 10000 100000; do Benchmarks/make-database.sh "$flarelog" "$work/$n.db" "$n"; done
ln -s "$work/1m.db" "$work/1000000.db"
for n in 10000 100000 1000000; do
    echo " $n entries:"
    python3 Benchmarks/paired.py --runs "$runs" \
        "correlate=$flarelog --db $work/$n.db correlate --format json" \
        "list=$flarelog --db $work/$n.db list --limit 50 --format json"
done
