# Helpers shared by the reliability parts. Each part is a bash script sourced-free: it reads
# $FLARELOG (the binary), $WORK (a scratch folder of its own) and $FLARELOG_LONG, prints what it
# checks, and exits 0 (passed), 1 (failed) or 77 (skipped, with the reason on its last line).
set -uo pipefail

: "${FLARELOG:?set FLARELOG to the flarelog binary}"
: "${WORK:?set WORK to a scratch folder}"
LONG=${FLARELOG_LONG:-0}
FAILURES=0

say() { printf '  %s\n' "$*"; }
fail() {
    printf '  FAIL: %s\n' "$*"
    FAILURES=$((FAILURES + 1))
}
# Ends the part: "figures" is the one-line summary the runner prints.
finish() {
    printf 'RESULT: %s\n' "$*"
    [ "$FAILURES" -eq 0 ] && exit 0
    exit 1
}
skip() {
    printf 'RESULT: skipped: %s\n' "$*"
    exit 77
}

# run ARGS…: runs flarelog with a clean environment; sets STATUS, OUT and ERR.
run() {
    local out_file="$WORK/.out" err_file="$WORK/.err"
    env -i HOME="$WORK/home" TZ=UTC LANG=C.UTF-8 PATH=/usr/bin:/bin ${EXTRA_ENV:-} "$FLARELOG" "$@" \
        >"$out_file" 2>"$err_file" </dev/null
    STATUS=$?
    OUT=$(cat "$out_file")
    ERR=$(cat "$err_file")
}

# expect_error STATUS [TEXT] — the last run failed with STATUS and one `flarelog: error:` line.
expect_error() {
    local want=$1 text=${2:-} what=${LABEL:-command}
    local lines
    lines=$(printf '%s' "$ERR" | grep -c '')
    if [ "$STATUS" -ne "$want" ]; then
        fail "$what: exit $STATUS, expected $want; stderr: $(printf '%s' "$ERR" | head -c 300)"
    elif [ "$lines" -ne 1 ] || [[ "$ERR" != "flarelog: error: "* ]]; then
        fail "$what: expected one 'flarelog: error:' line, got: $(printf '%s' "$ERR" | head -c 300)"
    elif [ -n "$text" ] && [[ "$ERR" != *"$text"* ]]; then
        fail "$what: error lacks '$text': $ERR"
    fi
}

expect_ok() {
    local what=${LABEL:-command}
    [ "$STATUS" -eq 0 ] || fail "$what: exit $STATUS; stderr: $(printf '%s' "$ERR" | head -c 300)"
}

# check_full DB — `flarelog check --full` passes on DB.
check_full() {
    local saved_label=${LABEL:-}
    LABEL="check --full $1" run --db "$1" check --full
    LABEL="check --full $1" expect_ok
    LABEL=$saved_label
}

# uids DB — every stored entry's uid, one a line, sorted (deleted ones included).
uids() {
    sqlite3 -readonly "$1" "SELECT uid FROM entry ORDER BY uid" 2>/dev/null
}

new_uuid() { cat /proc/sys/kernel/random/uuid; }

# random_ms MAX — a random integer in [0, MAX].
random_ms() { echo $((RANDOM % ($1 + 1))); }

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

mkdir -p "$WORK/home"
# A C compiler for the LD_PRELOAD shims: the system's, else the Swift toolchain's clang.
CC=${CC:-$(command -v cc || command -v clang || echo cc)}
