# Disk full: the database on a 2 MB tmpfs, filled until writes fail. The failing command exits 74
# with "disk full" (also when the failure comes while opening the WAL), the file passes
# `check --full`, and every acknowledged entry is still there. Also a file-size limit (ulimit -f):
# flarelog ignores SIGXFSZ, so it reports an error (74) instead of being killed.
source "$(dirname "$0")/lib.sh"

note=$(head -c 15000 /dev/zero | tr '\0' 'x')

# log_until_failure DB LEDGER: logs entries with 15 KB notes until one fails (at most 400).
log_until_failure() {
    local target=$1 ledger=$2 i uid
    : >"$ledger"
    for i in $(seq 1 400); do
        uid=$(new_uuid)
        run --db "$target" log intervention yoga 30 --id "$uid" --note "$i $note"
        [ "$STATUS" -ne 0 ] && return 0
        echo "$uid" >>"$ledger"
    done
    return 1
}

# acknowledged_present DB LEDGER LABEL: every uid in LEDGER is stored exactly once.
acknowledged_present() {
    uids "$1" >"$WORK/stored"
    local missing
    missing=$(sort "$2" | comm -23 - "$WORK/stored" | wc -l)
    [ "$missing" -eq 0 ] || fail "$3: $missing of $(wc -l <"$2") acknowledged entries lost"
    LOST=$((LOST + missing))
}

LOST=0
ACKED=0

# 1. File-size limit (no root needed). The shell's `ulimit -f` counts 1024-byte blocks.
db="$WORK/limited.db"
run --db "$db" init
expect_ok
(
    ulimit -f 400
    log_until_failure "$db" "$WORK/limited.ledger"
    echo "$STATUS" >"$WORK/limited.status"
    printf '%s' "$ERR" >"$WORK/limited.err"
)
STATUS=$(cat "$WORK/limited.status")
ERR=$(cat "$WORK/limited.err")
LABEL="log past ulimit -f" expect_error 74 "file size limit"
[ "$STATUS" -eq $((128 + 25)) ] && fail "killed by SIGXFSZ"
say "ulimit -f 400: $(wc -l <"$WORK/limited.ledger") entries acknowledged, then: $ERR"
check_full "$db"
acknowledged_present "$db" "$WORK/limited.ledger" "ulimit -f"
ACKED=$((ACKED + $(wc -l <"$WORK/limited.ledger")))

if [ "$(id -u)" -ne 0 ]; then
    skip "disk full needs root to mount a tmpfs (ulimit -f part passed: $FAILURES failures)"
fi
mnt="$WORK/mnt"
mkdir -p "$mnt"
mount -t tmpfs -o size=2m,mode=0700 tmpfs "$mnt" || skip "cannot mount a tmpfs here (ulimit -f part passed)"
trap 'umount "$mnt" 2>/dev/null' EXIT

# 2. Fill the disk by logging until a write fails.
db="$mnt/flarelog.db"
run --db "$db" init
expect_ok
log_until_failure "$db" "$WORK/full.ledger" || fail "2 MB never filled up"
LABEL="log on a full disk" expect_error 74 "disk full"
say "tmpfs 2 MB: $(wc -l <"$WORK/full.ledger") entries acknowledged, then: $ERR"
# Read-only commands still work on the full disk.
check_full "$db"
run --db "$db" list --limit 5
LABEL="list on a full disk" expect_ok
acknowledged_present "$db" "$WORK/full.ledger" "disk full"
ACKED=$((ACKED + $(wc -l <"$WORK/full.ledger")))
# Another try still fails cleanly, then works once there is room again.
run --db "$db" log intervention yoga 30 --note "$note"
LABEL="second log on a full disk" expect_error 74 "disk full"
umount "$mnt"

# 3. The failure happens while opening the WAL: the database is closed (no -wal), then a filler
# file takes every free byte, then a command that writes opens the database.
mount -t tmpfs -o size=2m,mode=0700 tmpfs "$mnt"
run --db "$db" init
run --db "$db" log trigger stress 4 --id 11111111-2222-3333-4444-555555555555
expect_ok
[ -e "$db-wal" ] && fail "the -wal file outlived the command"
dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
run --db "$db" log trigger stress 5
LABEL="log when the WAL cannot be created" expect_error 74 "disk full"
say "WAL on a full disk: $ERR"
# Reading still works: with an empty -wal the database file holds everything.
check_full "$db"
rm -f "$mnt/filler"
run --db "$db" log trigger stress 6
LABEL="log after freeing space" expect_ok
[ "$(sqlite3 -readonly "$db" "SELECT count(*) FROM entry")" -eq 2 ] || fail "expected 2 entries after freeing space"
check_full "$db"

finish "ulimit -f and 2 MB tmpfs filled: exit 74 'disk full'/'file size limit', $ACKED acknowledged entries, $LOST lost, check --full ok"
