# I/O errors: an LD_PRELOAD shim (faulty_io.c) fails the Nth write/pwrite or fsync/fdatasync on a
# regular file with EIO, for every N a command makes. Each failure must be reported as one clear
# line with exit 74 (or the command succeeds: not every write matters), never a signal or a stack
# trace, and the database must pass `check --full` afterwards. The shim reaches only a dynamically
# linked program: the part runs against the dynamic release build `run` makes ($FLARELOG_DYNAMIC).
source "$(dirname "$0")/lib.sh"
FLARELOG=${FLARELOG_DYNAMIC:?run this part through Tests/reliability/run, which builds the dynamic binary}

shim="$WORK/faulty_io.so"
"$CC" -shared -fPIC -O2 -o "$shim" "$(dirname "$0")/faulty_io.c" -ldl || skip "no C compiler for the shim"
max_calls=120
[ "$LONG" = 1 ] && max_calls=100000

base="$WORK/base.db"
run --db "$base" init
for i in 1 2 3 4 5; do run --db "$base" log symptom fatigue "$i" --note "base $i"; done
expect_ok
base_count=$(sqlite3 -readonly "$base" "SELECT count(*) FROM entry")

INJECTED=0
REPORTED=0

# with_faults AT CALLS ARGS…: runs flarelog under the shim; sets STATUS, OUT, ERR.
with_faults() {
    local at=$1 calls=$2
    shift 2
    EXTRA_ENV="LD_PRELOAD=$shim FAULTY_IO_AT=$at FAULTY_IO_CALLS=$calls FAULTY_IO_COUNT=$WORK/count" run "$@"
}

# judge LABEL: the run under faults either succeeded or failed cleanly with 74.
judge() {
    INJECTED=$((INJECTED + 1))
    if [ "$STATUS" -ge 128 ]; then
        fail "$1: killed by signal $((STATUS - 128)); stderr: $(printf '%s' "$ERR" | head -c 300)"
    elif [ "$STATUS" -ne 0 ]; then
        REPORTED=$((REPORTED + 1))
        LABEL=$1 expect_error 74 "I/O error"
    fi
    if printf '%s' "$ERR" | grep -q -i -E 'fatal error|stack trace|backtrace|crash'; then
        fail "$1: a crash report: $(printf '%s' "$ERR" | head -c 300)"
    fi
}

# calls_of CALLS ARGS…: how many counted calls a clean run makes.
calls_of() {
    local calls=$1
    shift
    with_faults 0 "$calls" "$@"
    cat "$WORK/count"
}

for calls in write sync; do
    # log into an existing database
    cp "$base" "$WORK/db"
    total=$(calls_of "$calls" --db "$WORK/db" log symptom fatigue 3)
    # No counted call at all: the shim did not reach the binary (a static one ignores LD_PRELOAD).
    [ "$total" -gt 0 ] || fail "log: the shim counted no $calls calls; is $FLARELOG dynamically linked?"
    [ "$total" -gt "$max_calls" ] && total=$max_calls
    say "log: $total $calls calls"
    for n in $(seq 1 "$total"); do
        cp "$base" "$WORK/db"
        rm -f "$WORK/db-wal" "$WORK/db-shm"
        uid=$(new_uuid)
        with_faults "$n" "$calls" --db "$WORK/db" log symptom fatigue 3 --id "$uid"
        judge "log, $calls call $n"
        acked=$STATUS
        check_full "$WORK/db"
        stored=$(sqlite3 -readonly "$WORK/db" "SELECT count(*) FROM entry WHERE uid = '$uid'")
        [ "$acked" -eq 0 ] && [ "$stored" -ne 1 ] && fail "log, $calls call $n: acknowledged entry missing"
        run --db "$WORK/db" log symptom fatigue 3 --id "$uid"
        LABEL="retry after $calls call $n" expect_ok
        stored=$(sqlite3 -readonly "$WORK/db" "SELECT count(*) FROM entry")
        [ "$stored" -eq $((base_count + 1)) ] || fail "log, $calls call $n: $stored entries after the retry"
    done

    # init of a new database
    rm -rf "$WORK/new"
    total=$(calls_of "$calls" --db "$WORK/new/flarelog.db" init)
    [ "$total" -gt "$max_calls" ] && total=$max_calls
    say "init: $total $calls calls"
    for n in $(seq 1 "$total"); do
        rm -rf "$WORK/new"
        with_faults "$n" "$calls" --db "$WORK/new/flarelog.db" init
        judge "init, $calls call $n"
        run --db "$WORK/new/flarelog.db" log symptom fatigue 3
        LABEL="log after init failed at $calls call $n" expect_ok
        check_full "$WORK/new/flarelog.db"
    done

    # backup: the source must not change, and a failed backup leaves no file
    total=$(calls_of "$calls" --db "$base" backup "$WORK/count-backup.db")
    rm -f "$WORK/count-backup.db"
    [ "$total" -gt "$max_calls" ] && total=$max_calls
    say "backup: $total $calls calls"
    before=$(sha256sum <"$base")
    for n in $(seq 1 "$total"); do
        rm -rf "$WORK/backups"
        mkdir -p "$WORK/backups"
        with_faults "$n" "$calls" --db "$base" backup "$WORK/backups/b.db"
        judge "backup, $calls call $n"
        if [ "$STATUS" -eq 0 ]; then
            check_full "$WORK/backups/b.db"
        elif [ -n "$(ls -A "$WORK/backups")" ]; then
            fail "backup, $calls call $n: a failed backup left $(ls -A "$WORK/backups")"
        fi
    done
    [ "$(sha256sum <"$base")" = "$before" ] || fail "backup changed its source"
done

finish "$INJECTED injected I/O errors, $REPORTED reported with exit 74, 0 crashes if no FAIL, check --full ok after each"
