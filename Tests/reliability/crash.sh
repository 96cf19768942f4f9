# Crash safety: `flarelog log --id UUID` processes killed with SIGKILL at random moments.
# Afterwards `check --full` passes, every acknowledged entry (exit 0) is there exactly once, and
# re-running the killed commands with the same --id leaves exactly one entry each.
source "$(dirname "$0")/lib.sh"

want_kills=200
[ "$LONG" = 1 ] && want_kills=2000
db="$WORK/crash.db"

# How long one uncontended `log` takes, so kill delays spread over the whole run, mid-write included.
run --db "$db" init
expect_ok
start=$(now_ms)
for _ in 1 2 3 4 5; do run --db "$db" log symptom fatigue 1 --note warmup; done
typical=$((($(now_ms) - start) / 5))
max_delay=$((typical > 15 ? typical : 15))
say "one log takes ~${typical} ms; kills land after a random 0-${max_delay} ms"

# kill_loop DB COUNT_FILE: logs with fresh ids, killing each after a random delay, until
# $want_kills processes died by SIGKILL. Writes "uid status" lines to COUNT_FILE.
kill_loop() {
    local target=$1 ledger=$2 kills=0 attempts=0 uid pid status delay
    : >"$ledger"
    while [ "$kills" -lt "$want_kills" ] && [ "$attempts" -lt $((want_kills * 5)) ]; do
        attempts=$((attempts + 1))
        uid=$(new_uuid)
        delay=$(random_ms "$max_delay")
        env -i HOME="$WORK/home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" --db "$target" \
            log symptom fatigue $((attempts % 11)) --id "$uid" --note "crash $attempts" >/dev/null 2>&1 &
        pid=$!
        sleep "0.$(printf '%03d' "$delay")"
        kill -KILL "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        status=$?
        [ "$status" -eq 137 ] && kills=$((kills + 1))
        echo "$uid $status" >>"$ledger"
    done
}

verify() {
    local target=$1 ledger=$2 label=$3
    check_full "$target"
    local acked killed other stored missing dupes
    acked=$(awk '$2 == 0' "$ledger" | wc -l)
    killed=$(awk '$2 == 137' "$ledger" | wc -l)
    other=$(awk '$2 != 0 && $2 != 137' "$ledger" | wc -l)
    [ "$other" -eq 0 ] && [ "$killed" -ge "$want_kills" ] || fail "$label: $killed kills; $other runs ended otherwise"
    uids "$target" >"$WORK/stored"
    missing=$(awk '$2 == 0 {print $1}' "$ledger" | sort | comm -23 - "$WORK/stored" | wc -l)
    dupes=$(uniq -d "$WORK/stored" | wc -l)
    [ "$missing" -eq 0 ] || fail "$label: $missing acknowledged entries lost"
    [ "$dupes" -eq 0 ] || fail "$label: $dupes uids stored twice"
    # Re-run every killed command with the same id: each must end with exactly one entry.
    local uid status retry_failures=0 first_failure=""
    while read -r uid status; do
        [ "$status" -eq 0 ] && continue
        run --db "$target" log symptom fatigue 1 --id "$uid" --note retry
        if [ "$STATUS" -ne 0 ]; then
            retry_failures=$((retry_failures + 1))
            [ -n "$first_failure" ] || first_failure="exit $STATUS: $ERR"
        fi
    done <"$ledger"
    [ "$retry_failures" -eq 0 ] || fail "$label: $retry_failures retries failed, the first with $first_failure"
    uids "$target" >"$WORK/stored"
    local absent
    absent=$(awk '{print $1}' "$ledger" | sort | comm -23 - "$WORK/stored" | wc -l)
    [ "$absent" -eq 0 ] || fail "$label: after the retries $absent ids have no entry"
    dupes=$(uniq -d "$WORK/stored" | wc -l)
    [ "$dupes" -eq 0 ] || fail "$label: $dupes uids stored twice after retries"
    check_full "$target"
    say "$label: $killed killed, $acked acknowledged, 0 lost if no FAIL above; retries: $((killed + other))"
    KILLS=$((KILLS + killed))
    LOST=$((LOST + missing))
}

KILLS=0
LOST=0
kill_loop "$db" "$WORK/ledger"
verify "$db" "$WORK/ledger" "existing database"

# The first write to a database that does not exist yet, killed: whatever is left must not be
# refused afterwards (a zero-byte or half-made file would lock the person out of their data).
fresh_kills=0
fresh_refused=0
for i in $(seq 1 40); do
    fresh="$WORK/fresh-$i/flarelog.db"
    env -i HOME="$WORK/home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" --db "$fresh" \
        log symptom fatigue 3 --id "$(new_uuid)" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' "$(random_ms "$max_delay")")"
    kill -KILL "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null && continue
    fresh_kills=$((fresh_kills + 1))
    run --db "$fresh" log symptom fatigue 3
    if [ "$STATUS" -ne 0 ]; then
        fresh_refused=$((fresh_refused + 1))
        [ "$fresh_refused" -le 3 ] && fail "after a kill during creation, log fails: $ERR"
    else
        check_full "$fresh"
    fi
done
[ "$fresh_refused" -eq 0 ] || fail "$fresh_refused of $fresh_kills databases killed during creation were unusable"
KILLS=$((KILLS + fresh_kills))

finish "$KILLS kills survived ($fresh_kills during creation), $LOST acknowledged entries lost, check --full ok"
