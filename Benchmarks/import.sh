#!/usr/bin/env bash
# Import speed against a yardstick measured in the same run: `flarelog import` of a 1,000,000-row flarelog
# CSV into an empty database vs `sqlite3 .import --csv` of the same file into a staging table.
# Usage: Benchmarks/import.sh [rows] [runs]    (defaults 1000000 and 3). Target: flarelog >= 0.5x sqlite3.
set -euo pipefail
rows=${1:-1000000}
runs=${2:-3}
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install -y sqlite3)" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install -y time)" >&2; exit 69; }
swift build -c release --product flarelog >&2
bin=$(swift build -c release --show-bin-path)/flarelog
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The file: the export header, then entries of built-in items, spread over five years, with uids in
# random order (as real uids are), some notes with commas and quotes, some body regions.
awk -v rows="$rows" -f Benchmarks/entries.awk > "$work/entries.csv"
size=$(du -m "$work/entries.csv" | cut -f1)
echo "file: $rows rows, ${size} MB"

# Wall-clock seconds of a command; its CPU seconds (user + sys) are appended to $work/cpu.
seconds() {
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$work/time" "$@" >/dev/null
    end=$(date +%s.%N)
    awk '{ print $1 + $2 }' "$work/time" >> "$work/cpu"
    echo "$end - $start" | bc -l
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

ours=()
theirs=()
ours_cpu=()
theirs_cpu=()
for run in $(seq "$runs"); do
    rm -f "$work"/flarelog.db* "$work"/staging.db* "$work/cpu"
    ours+=("$(seconds "$bin" --db "$work/flarelog.db" import "$work/entries.csv")")
    theirs+=("$(seconds sqlite3 "$work/staging.db" ".import --csv $work/entries.csv staging")")
    mapfile -t cpu < "$work/cpu"
    ours_cpu+=("${cpu[0]}")
    theirs_cpu+=("${cpu[1]}")
    count=$(sqlite3 "$work/flarelog.db" "SELECT count(*) FROM entry")
    [ "$count" -eq "$rows" ] || { echo "flarelog imported $count of $rows rows" >&2; exit 1; }
    echo "run $run: flarelog ${ours[-1]} s (cpu ${cpu[0]} s), sqlite3 ${theirs[-1]} s (cpu ${cpu[1]} s)"
done
a=$(printf '%s\n' "${ours[@]}" | median)
b=$(printf '%s\n' "${theirs[@]}" | median)
ac=$(printf '%s\n' "${ours_cpu[@]}" | median)
bc=$(printf '%s\n' "${theirs_cpu[@]}" | median)
printf 'median wall: flarelog import %.2f s (%.0f rows/s), sqlite3 .import %.2f s (%.0f rows/s), ratio %.2f (target >= 0.5)\n' \
    "$a" "$(echo "$rows / $a" | bc -l)" "$b" "$(echo "$rows / $b" | bc -l)" "$(echo "$b / $a" | bc -l)"
printf 'median cpu:  flarelog import %.2f s, sqlite3 .import %.2f s, ratio %.2f\n' "$ac" "$bc" "$(echo "$bc / $ac" | bc -l)"
