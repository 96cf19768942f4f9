# Hostile use: replays the data-loss paths of issue #13 against the binary. Restores while writers log
# (every acknowledged entry ends in the restored database or in a safety copy), imports into a new
# database killed mid-way (no read fails afterwards), import input shrinking while it is read (one
# error line, database unchanged), a WAL database on a read-only mount (reads work), and `--out` and
# `backup --keep` aimed at the database, links to it and look-alike backups (nothing is lost).
source "$(dirname "$0")/lib.sh"

FIGURES=()
figure() { FIGURES+=("$*"); }

# flarelog ARGS…: the binary with the clean environment of `run`, output discarded (for background jobs).
flarelog() {
    env -i HOME="$WORK/home" TZ=UTC LANG=C.UTF-8 PATH=/usr/bin:/bin "$FLARELOG" "$@" </dev/null
}

# --- 3. restore --yes while 4 writers log with --id -------------------------------------------------
restore_during_writes() {
    local db="$WORK/restore.db" backup="$WORK/restore-backup.db" writers=4 per_writer=150 restores=3
    local safety="$WORK/home/.local/share/flarelog/backups"
    run --db "$db" demo --days 30
    LABEL="restore: demo history" expect_ok
    run --db "$db" backup "$backup"
    LABEL="restore: backup to restore" expect_ok
    rm -rf "$safety"
    local n pids=()
    for n in $(seq 1 "$writers"); do
        (
            for i in $(seq 1 "$per_writer"); do
                uid=$(new_uuid)
                flarelog --db "$db" log symptom fatigue $((i % 11)) --id "$uid" --note "writer $n" \
                    >/dev/null 2>>"$WORK/restore-writer-$n.err"
                echo "$uid $?" >>"$WORK/restore-ledger-$n"
            done
        ) &
        pids+=($!)
    done
    # A restore each time another quarter of the entries is in.
    local done_so_far restored=0 restore_failures=0
    for n in $(seq 1 "$restores"); do
        while :; do
            done_so_far=$(cat "$WORK"/restore-ledger-* 2>/dev/null | wc -l)
            [ "$done_so_far" -ge $((n * writers * per_writer / (restores + 1))) ] && break
            sleep 0.05
        done
        run --db "$db" restore "$backup" --yes
        if [ "$STATUS" -eq 0 ]; then
            restored=$((restored + 1))
        else
            restore_failures=$((restore_failures + 1))
            fail "restore $n during writes: exit $STATUS: $ERR"
        fi
    done
    wait "${pids[@]}"
    cat "$WORK"/restore-ledger-* >"$WORK/restore-ledger"
    local acked write_failures copies=0 copy
    acked=$(awk '$2 == 0' "$WORK/restore-ledger" | wc -l)
    write_failures=$(awk '$2 != 0' "$WORK/restore-ledger" | wc -l)
    [ "$write_failures" -eq 0 ] ||
        fail "restore: $write_failures writes failed: $(sort "$WORK"/restore-writer-*.err | uniq -c | head -3)"
    uids "$db" >"$WORK/restore-found"
    for copy in "$safety"/*-before-restore*.db; do
        [ -f "$copy" ] || continue
        copies=$((copies + 1))
        check_full "$copy"
        uids "$copy" >>"$WORK/restore-found"
    done
    [ "$copies" -eq "$restored" ] || fail "restore: $restored restores left $copies safety copies"
    sort -u -o "$WORK/restore-found" "$WORK/restore-found"
    local lost
    lost=$(awk '$2 == 0 {print $1}' "$WORK/restore-ledger" | sort | comm -23 - "$WORK/restore-found" | wc -l)
    [ "$lost" -eq 0 ] || fail "restore: $lost of $acked acknowledged entries are in neither the database nor a safety copy"
    check_full "$db"
    say "restore: $restored restores during $writers x $per_writer logs: $acked acknowledged, $lost lost"
    figure "$restored restores during $acked acknowledged logs, $lost lost"
}

restore_during_writes
finish "$(IFS=';' && echo "${FIGURES[*]}" | sed 's/;/; /g')"
