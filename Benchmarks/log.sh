#!/usr/bin/env bash
# One `flarelog log trigger stress 5` process vs one `sqlite3 DB "INSERT …"` process inserting one row into
# the same kind of file (a copy of a flarelog database: same schema, WAL, synchronous=FULL), alternated.
# Prints the median wall time per process and the ratio. Target: flarelog <= 2.0x sqlite3.
# `flarelog --version` (no database) is timed as well: the cost of starting the binary at all.
# Usage: Benchmarks/log.sh [REPETITIONS=200]      (needs bash 5 for $EPOCHREALTIME, and the sqlite3 shell)
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions=${1:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building release binaries..."
swift build -c release >/dev/null
binaries=(".build/release/flarelog")
if swift build -c release -Xswiftc -static-stdlib --build-path .build/static-stdlib >/dev/null 2>&1; then
    binaries+=(".build/static-stdlib/release/flarelog")
else
    echo "(-static-stdlib build failed; measuring the dynamic binary only)"
fi

insert="PRAGMA synchronous = FULL; INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value,
    created_at, updated_at) VALUES (lower(hex(randomblob(16))), 14, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0,
    date('now'), 5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

# Microseconds taken by one run of the command, its output discarded.
micros() {
    local start=$EPOCHREALTIME
    "$@" >/dev/null
    local end=$EPOCHREALTIME
    echo $(((${end/./} - ${start/./})))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for binary in "${binaries[@]}"; do
    rm -f "$work"/*
    "$binary" --db "$work/flarelog.db" init >/dev/null
    cp "$work/flarelog.db" "$work/sqlite3.db"
    [ "$(sqlite3 "$work/sqlite3.db" 'PRAGMA journal_mode')" = wal ] || { echo "the copy is not in WAL mode"; exit 1; }
    : >"$work/flarelog.txt"
    : >"$work/sqlite3.txt"
    : >"$work/version.txt"
    for _ in $(seq "$repetitions"); do
        micros "$binary" --db "$work/flarelog.db" log trigger stress 5 >>"$work/flarelog.txt"
        micros sqlite3 "$work/sqlite3.db" "$insert" >>"$work/sqlite3.txt"
        micros "$binary" --version >>"$work/version.txt"
    done
    rows=$(sqlite3 "$work/flarelog.db" "SELECT count(*) FROM entry")
    [ "$rows" = "$repetitions" ] || { echo "flarelog stored $rows rows, expected $repetitions"; exit 1; }
    f=$(median <"$work/flarelog.txt")
    s=$(median <"$work/sqlite3.txt")
    v=$(median <"$work/version.txt")
    printf '%s (%s, %d bytes), medians of %d runs:\n' "$binary" \
        "$(ldd "$binary" | grep -q libswiftCore && echo 'dynamic Swift runtime' || echo 'static Swift runtime')" \
        "$(stat -c %s "$binary")" "$repetitions"
    printf '  flarelog log trigger stress 5   %6.2f ms\n' "$(echo "$f / 1000" | bc -l)"
    printf '  sqlite3 DB "INSERT ..."         %6.2f ms\n' "$(echo "$s / 1000" | bc -l)"
    printf '  flarelog --version              %6.2f ms   (starting the binary, no database)\n' "$(echo "$v / 1000" | bc -l)"
    printf '  ratio flarelog / sqlite3        %6.2f     (target <= 2.00)\n' "$(echo "$f / $s" | bc -l)"
done
