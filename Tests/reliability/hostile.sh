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

# make_csv FILE: a flarelog export of 20,000 entries (made once), at UTC offset 0 so that each local_day is
# the date of its time, as `check --full` wants (the benchmark's generator writes offset 60 with UTC days).
make_csv() {
    [ -s "$1" ] || awk -v rows=20000 -f "$(dirname "$0")/../../Benchmarks/entries.awk" | sed 's/Z,60,/Z,0,/' >"$1"
}

# --- 4. import into a new database killed mid-way ------------------------------------------------------
killed_new_imports() {
    local csv="$WORK/import.csv" want=30 kills=0 journals=0 attempts=0 refused=0 db pid started took delay
    make_csv "$csv"
    started=$(now_ms)
    run --db "$WORK/import-whole.db" import "$csv"
    LABEL="import: a whole import" expect_ok
    took=$(($(now_ms) - started))
    say "import: 20,000 rows into a new database take ${took} ms; kills land after a random 0-${took} ms"
    while [ "$kills" -lt "$want" ] && [ "$attempts" -lt $((want * 4)) ]; do
        attempts=$((attempts + 1))
        db="$WORK/import-$attempts/flarelog.db"
        env -i HOME="$WORK/home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" --db "$db" import "$csv" >/dev/null 2>&1 &
        pid=$!
        delay=$(random_ms "$took")
        sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        [ $? -eq 137 ] && [ -e "$db" ] || continue
        kills=$((kills + 1))
        [ -s "$db-journal" ] && journals=$((journals + 1))
        # Every read works (it rolls the journal back), and so does the next write.
        for command in "info" "list --limit 5" "check --full" "export"; do
            read -r -a words <<<"$command"
            run --db "$db" "${words[@]}"
            if [ "$STATUS" -ne 0 ]; then
                refused=$((refused + 1))
                [ "$refused" -le 3 ] && fail "import killed after ${delay} ms, then $command: exit $STATUS: $ERR"
            fi
        done
        run --db "$db" log symptom fatigue 2
        LABEL="import killed after ${delay} ms, then log" expect_ok
        check_full "$db"
    done
    [ "$kills" -ge "$want" ] || fail "import: only $kills of $attempts imports were killed with a database left"
    [ "$refused" -eq 0 ] || fail "import: $refused reads failed after killed imports"
    say "import: $kills imports killed ($journals left a hot journal), $refused reads failed"
    figure "$kills killed imports into a new database ($journals hot journals), $refused reads failed"
}

# --- 5. the import file shrinks while it is read -------------------------------------------------------
shrinking_input() {
    local csv="$WORK/import.csv" base="$WORK/shrink-base.db" db="$WORK/shrink.db" rows attempts=8 n stored
    local signals=0 refused=0 imported=0
    run --db "$base" demo --days 30
    LABEL="shrink: demo history" expect_ok
    uids "$base" >"$WORK/shrink-before"
    make_csv "$csv"
    rows=$(($(wc -l <"$csv") - 1))
    for n in $(seq 1 "$attempts"); do
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$base" "$db"
        cp "$csv" "$WORK/shrinking.csv"
        (
            sleep "0.$(random_ms 300 | xargs printf '%03d')"
            truncate -s $((n * 1000)) "$WORK/shrinking.csv"
        ) &
        run --db "$db" import "$WORK/shrinking.csv"
        wait
        if [ "$STATUS" -ge 128 ]; then
            signals=$((signals + 1))
            fail "shrink $n: import killed by signal $((STATUS - 128)); stderr: $(printf '%s' "$ERR" | head -c 200)"
        elif [ "$STATUS" -eq 0 ]; then
            # It read the whole file before the change: all of it is in.
            imported=$((imported + 1))
            stored=$(($(uids "$db" | wc -l) - $(wc -l <"$WORK/shrink-before")))
            [ "$stored" -eq "$rows" ] || fail "shrink $n: import exit 0 but $stored of $rows rows stored"
        else
            refused=$((refused + 1))
            if [ "$STATUS" -eq 65 ]; then
                # The file was cut before it was read: its bad rows, then one error line.
                [[ "$(printf '%s' "$ERR" | tail -n 1)" == "flarelog: error: "*"nothing was imported" ]] ||
                    fail "shrink $n: exit 65 without the closing error line: $(printf '%s' "$ERR" | tail -c 200)"
            else
                LABEL="shrink $n" expect_error 74 "changed while it was read"
            fi
            cmp -s <(uids "$db") "$WORK/shrink-before" || fail "shrink $n: a refused import changed the database"
        fi
        check_full "$db"
    done
    say "shrink: $attempts imports of a file truncated while read: $imported whole, $refused refused, $signals signals"
    figure "$attempts imports of a shrinking file: $signals crashes, $refused refused in one line, $imported whole"
}

# --- 7. a WAL database on a read-only mount --------------------------------------------------------------
readonly_mount() {
    if [ "$(id -u)" -ne 0 ]; then
        figure "read-only mount skipped (needs root)"
        return
    fi
    local source="$WORK/rw" mount="$WORK/ro" with_shm reads=0 failures=0 command
    mkdir -p "$source" "$mount"
    run --db "$source/flarelog.db" demo --days 30
    LABEL="ro: demo history" expect_ok
    # A change only in the -wal: a writer that stopped before any checkpoint (as after a crash or a snapshot).
    (
        python3 - "$source/flarelog.db" <<'PY'
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_autocheckpoint = 0")
db.execute("UPDATE entry SET note = 'only in the wal' WHERE id = (SELECT max(id) FROM entry)")
os.kill(os.getpid(), signal.SIGKILL)
PY
        true # (not the subshell's last command: its shell, not this one, reports the kill, to /dev/null)
    ) 2>/dev/null
    [ -s "$source/flarelog.db-wal" ] || fail "ro: the -wal file is empty"
    cp -a "$source" "$WORK/rw-copy"
    for with_shm in yes no; do
        [ "$with_shm" = no ] && rm -f "$source/flarelog.db-shm"
        mount --bind "$source" "$mount" && mount -o remount,bind,ro "$mount" || {
            fail "ro: cannot mount $source read-only"
            return
        }
        for command in "info" "list --limit 1" "check --full" "export" "backup $WORK/ro-backup-$with_shm.db"; do
            read -r -a words <<<"$command"
            run --db "$mount/flarelog.db" "${words[@]}"
            reads=$((reads + 1))
            if [ "$STATUS" -ne 0 ]; then
                failures=$((failures + 1))
                fail "ro mount (-shm: $with_shm): $command: exit $STATUS: $ERR"
            fi
            [ "$command" = "export" ] && [[ "$OUT" != *"only in the wal"* ]] &&
                fail "ro mount (-shm: $with_shm): export lacks the change in the -wal"
        done
        run --db "$mount/flarelog.db" log symptom fatigue 1
        LABEL="ro mount (-shm: $with_shm): log" expect_error 73 "read-only"
        umount "$mount"
        [ -e "$WORK/ro-backup-$with_shm.db" ] && [ "$(sqlite3 "$WORK/ro-backup-$with_shm.db" \
            "SELECT count(*) FROM entry WHERE note = 'only in the wal'")" = 1 ] ||
            fail "ro mount (-shm: $with_shm): the backup lacks the change in the -wal"
    done
    cmp -s "$source/flarelog.db" "$WORK/rw-copy/flarelog.db" && cmp -s "$source/flarelog.db-wal" "$WORK/rw-copy/flarelog.db-wal" ||
        fail "ro mount: the database or its -wal changed"
    say "ro mount: $reads reads of a WAL database with a non-empty -wal (with and without -shm), $failures failed"
    figure "$reads reads on a read-only mount with a non-empty -wal, $failures failed"
}

# --- 1, 2. --out and backup --keep aimed at what must not be lost ---------------------------------------
# same_files A B: A and B have the same bytes.
same_files() { cmp -s "$1" "$2"; }

out_targets() {
    local folder="$WORK/out" backups="$WORK/out/backups" target refused=0 aimed=0 kept=0 survivors=0
    mkdir -p "$backups"
    run --db "$folder/live.db" demo --days 30
    LABEL="out: demo history" expect_ok
    run --db "$folder/live.db" backup "$backups/"
    LABEL="out: a backup" expect_ok
    local made
    made=$(ls "$backups"/flarelog-*.db | head -n 1)
    ln -s "$folder/live.db" "$folder/symlink.csv"
    ln "$folder/live.db" "$folder/hardlink.csv"
    cp "$folder/live.db" "$WORK/live.db.before"
    cp "$made" "$WORK/backup.before"
    # export --out and report --out onto the database, a symlink and a hard link to it, its -wal name,
    # a file in the backups folder: each refused with 73, and nothing changes.
    for target in "$folder/live.db" "$folder/symlink.csv" "$folder/hardlink.csv" "$folder/live.db-wal" "$made"; do
        for command in export report; do
            aimed=$((aimed + 1))
            run --db "$folder/live.db" "$command" --out "$target"
            LABEL="$command --out $(basename "$target")" expect_error 73
            [ "$STATUS" -eq 73 ] && refused=$((refused + 1))
        done
    done
    same_files "$folder/live.db" "$WORK/live.db.before" || fail "out: the database changed"
    same_files "$made" "$WORK/backup.before" || fail "out: the backup changed"
    [ ! -e "$folder/live.db-wal" ] || [ ! -s "$folder/live.db-wal" ] ||
        head -c 4 "$folder/live.db-wal" | od -An -tx1 | grep -q '37 7f 06 8' || fail "out: the -wal holds a non-WAL file"
    check_full "$folder/live.db"
    # backup --keep 1 among look-alikes: a text file and a hard link to a document named like backups,
    # one dated in the future; only flarelog's own older backups may go, never the one just made.
    printf 'my notes\n' >"$backups/flarelog-20990101-000000.db"
    printf 'a document\n' >"$WORK/document.txt"
    ln "$WORK/document.txt" "$backups/flarelog-20000101-000000.db"
    printf 'more notes\n' >"$backups/flarelog-20010101-000000.db"
    # (On a database of its own: the one above is gone if an --out was not refused.)
    cp "$WORK/live.db.before" "$folder/keep.db"
    run --db "$folder/keep.db" backup "$backups/" --keep 1 --format json
    LABEL="backup --keep 1 among look-alikes" expect_ok
    local newest
    newest=$(printf '%s' "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["path"])' 2>/dev/null)
    [ -n "$newest" ] && [ -f "$newest" ] && kept=1 || fail "backup --keep 1 removed the backup it made: $OUT"
    for target in flarelog-20990101-000000.db flarelog-20000101-000000.db flarelog-20010101-000000.db; do
        [ -f "$backups/$target" ] && survivors=$((survivors + 1)) || fail "backup --keep 1 deleted $target, not a backup"
    done
    same_files "$WORK/document.txt" <(printf 'a document\n') || fail "backup --keep changed a hard-linked document"
    say "out: $refused of $aimed --out at the database, its links, -wal and backups refused; --keep spared $survivors of 3 look-alikes"
    figure "$refused of $aimed --out onto the database or its backups refused, $survivors of 3 look-alikes kept by --keep"
}

# HOSTILE_SECTIONS="imports shrink" runs some of the sections.
for section in ${HOSTILE_SECTIONS:-restore out imports shrink readonly}; do
    case $section in
        restore) restore_during_writes ;;
        out) out_targets ;;
        imports) killed_new_imports ;;
        shrink) shrinking_input ;;
        readonly) readonly_mount ;;
        *) fail "no section named $section" ;;
    esac
done
finish "$(IFS=';' && echo "${FIGURES[*]}" | sed 's/;/; /g')"
