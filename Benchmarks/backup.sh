#!/usr/bin/env bash
# Times `flarelog backup` (default verification: quick_check, counts, SHA-256, fsync) against the yardstick
# `sqlite3 DB ".backup FILE"` on a ~100 MB database, alternating runs, and prints the medians and their ratio.
# Target: flarelog takes at most 1.5x as long as the bare sqlite3 copy.
# Usage: Benchmarks/backup.sh [runs (default 7)] [entries (default 450000, about 100 MB)]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
entries=${2:-450000}

swift build -c release >/dev/null
bin=.build/release/flarelog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db

"$bin" --db "$db" init >/dev/null
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $entries)
INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, note, created_at, updated_at)
SELECT printf('bench-%08d', i), 1 + i % 40,
       strftime('%Y-%m-%dT%H:%M:%fZ', '2020-01-01', '+' || (i * 7) || ' minutes'), 0,
       date('2020-01-01', '+' || (i * 7) || ' minutes'), i % 11,
       CASE WHEN i % 3 = 0 THEN 'slept badly, stiff neck in the morning' END,
       strftime('%Y-%m-%dT%H:%M:%fZ', '2020-01-01', '+' || (i * 7) || ' minutes'),
       strftime('%Y-%m-%dT%H:%M:%fZ', '2020-01-01', '+' || (i * 7) || ' minutes')
FROM n;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
size=$(stat -c %s "$db")
echo "database: $entries entries, $((size / 1048576)) MiB ($size bytes); SQLite $(sqlite3 --version | cut -d' ' -f1)"

now_ns() { date +%s%N; }
ours=()
theirs=()
mkdir -p "$work/out"
# One unmeasured run of each first, so both start with the source in the page cache.
for run in $(seq 0 "$runs"); do
    rm -f "$work"/out/* "$work/ref.db"
    start=$(now_ns)
    XDG_DATA_HOME=$work "$bin" --db "$db" backup "$work/out/" >/dev/null
    middle=$(now_ns)
    sqlite3 "$db" ".backup '$work/ref.db'"
    end=$(now_ns)
    if [ "$run" -gt 0 ]; then
        ours+=($(((middle - start) / 1000000)))
        theirs+=($(((end - middle) / 1000000)))
    fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m_ours=$(median "${ours[@]}")
m_theirs=$(median "${theirs[@]}")
echo "flarelog backup   (ms): ${ours[*]}  median $m_ours"
echo "sqlite3 .backup   (ms): ${theirs[*]}  median $m_theirs"
awk -v a="$m_ours" -v b="$m_theirs" 'BEGIN { r = a / b; printf "ratio: %.2fx (target <= 1.5x): %s\n", r, (r <= 1.5 ? "met" : "NOT met") }'
