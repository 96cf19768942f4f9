# Concurrency: 8 writer processes x 200 entries, 2 processes running list/correlate in a loop,
# and one backup in the middle. No command may fail ("database is locked" or anything else),
# exactly 1,600 entries are stored, and the backup is consistent.
source "$(dirname "$0")/lib.sh"

writers=8
per_writer=200
[ "$LONG" = 1 ] && per_writer=1000
total=$((writers * per_writer))
db="$WORK/concurrent.db"
# A simulated history first, so correlate has days to analyse.
run --db "$db" demo --days 60
LABEL="demo history" expect_ok
base=$(sqlite3 -readonly "$db" "SELECT count(*) FROM entry")

writer() {
    local n=$1 failures=0 i
    for i in $(seq 1 "$per_writer"); do
        env -i HOME="$WORK/home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" --db "$db" \
            log trigger stress $((i % 11)) --note "writer $n entry $i" >/dev/null 2>>"$WORK/writer-$n.err" ||
            failures=$((failures + 1))
        echo "$i" >"$WORK/writer-$n.progress"
    done
    echo "$failures" >"$WORK/writer-$n.failures"
}

reader() {
    local n=$1 runs=0 failures=0 command
    while [ ! -e "$WORK/stop" ]; do
        if [ $((runs % 2)) -eq 0 ]; then command=(list --limit 20); else command=(correlate); fi
        env -i HOME="$WORK/home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" --db "$db" "${command[@]}" \
            >/dev/null 2>>"$WORK/reader-$n.err" || failures=$((failures + 1))
        runs=$((runs + 1))
    done
    echo "$runs $failures" >"$WORK/reader-$n.result"
}

started=$(now_ms)
pids=()
for n in $(seq 1 "$writers"); do
    writer "$n" &
    pids+=($!)
done
reader 1 &
reader_pids=($!)
reader 2 &
reader_pids+=($!)

# The backup once about half the entries are in.
while :; do
    done_so_far=$(cat "$WORK"/writer-*.progress 2>/dev/null | awk '{s += $1} END {print s + 0}')
    [ "$done_so_far" -ge $((total / 2)) ] && break
    sleep 0.2
done
before=$(sqlite3 -readonly "$db" "SELECT count(*) FROM entry")
run --db "$db" backup "$WORK/backup.db" --verify full
LABEL="backup during writes" expect_ok
wait "${pids[@]}"
touch "$WORK/stop"
wait "${reader_pids[@]}"
seconds=$((($(now_ms) - started) / 1000))

writer_failures=$(cat "$WORK"/writer-*.failures | awk '{s += $1} END {print s + 0}')
reader_runs=$(cat "$WORK"/reader-*.result | awk '{s += $1} END {print s + 0}')
reader_failures=$(cat "$WORK"/reader-*.result | awk '{s += $2} END {print s + 0}')
locked=$(cat "$WORK"/*.err | grep -c -i 'locked')
[ "$writer_failures" -eq 0 ] || fail "$writer_failures writes failed: $(sort "$WORK"/writer-*.err | uniq -c | head -3)"
[ "$reader_failures" -eq 0 ] || fail "$reader_failures reads failed: $(sort "$WORK"/reader-*.err | uniq -c | head -3)"
[ "$locked" -eq 0 ] || fail "$locked 'database is locked' failures"

count=$(($(sqlite3 -readonly "$db" "SELECT count(*) FROM entry") - base))
[ "$count" -eq "$total" ] || fail "$count entries stored, expected $total"
check_full "$db"

check_full "$WORK/backup.db"
backup_count=$(sqlite3 -readonly "$WORK/backup.db" "SELECT count(*) FROM entry")
[ -e "$WORK/backup.db-wal" ] && fail "the backup has a -wal file"
if [ "$backup_count" -lt "$before" ] || [ "$backup_count" -gt $((base + total)) ]; then
    fail "backup has $backup_count entries, expected between $before and $((base + total))"
fi
backup_count=$((backup_count - base))
say "backup: $backup_count new entries (the database had $((before - base)) when it started)"

finish "$writers writers x $per_writer = $count entries in ${seconds}s, $reader_runs list/correlate runs," \
    "$((writer_failures + reader_failures)) failures ($locked locked), backup $backup_count entries, check --full ok"
