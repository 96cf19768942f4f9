# Bad input: hostile values, times, notes and names through the binary. Each run either fails with
# one `flarelog: error:` line and exit 64/65, or works and stores exactly what was given (read back
# and compared byte for byte). Nothing may crash, and the database passes `check --full` at the end,
# also after the analysis commands ran over the extreme values that were accepted.
source "$(dirname "$0")/lib.sh"

db="$WORK/input.db"
run --db "$db" init
expect_ok
TRIED=0
STORED=0
REFUSED=0

# attempt ALLOWED ARGS…: runs `flarelog --db DB ARGS…`; ALLOWED is like "0|65".
attempt() {
    local allowed=$1
    shift
    run --db "$db" "$@"
    TRIED=$((TRIED + 1))
    local label
    label="$(printf '%q ' "$@" | head -c 120)"
    if [ "$STATUS" -ge 128 ]; then
        fail "$label: killed by signal $((STATUS - 128)): $(printf '%s' "$ERR" | head -c 300)"
    elif [[ "|$allowed|" != *"|$STATUS|"* ]]; then
        fail "$label: exit $STATUS, expected $allowed: $(printf '%s' "$ERR" | head -c 300)"
    elif [ "$STATUS" -ne 0 ]; then
        REFUSED=$((REFUSED + 1))
        LABEL=$label expect_error "$STATUS"
    else
        STORED=$((STORED + 1))
    fi
}

hex() { od -An -v -tx1 | tr -d ' \n'; }
stored_hex() { sqlite3 -readonly "$db" "$1" | tr -d '\n'; }

# Numbers: out of range, not finite, or odd spellings of a number.
for value in 1e308 1e309 -1e309 9223372036854775808 -9223372036854775809 1e-400 5e-324 \
    nan NaN -nan inf -inf Infinity +Inf infinity 0x1p3 0x10 1_000 " 5" "5 " "" "٣" "5,5" "1e" "--5" \
    99999999999999999999999999999999999999; do
    attempt "0|64|65" log trigger alcohol -- "$value"
    attempt "0|64|65" log symptom fatigue -- "$value"
    attempt "0|64|65" log intervention yoga -- "$value"
done
attempt "0" log symptom fatigue -- -0
[ "$(sqlite3 -readonly "$db" "SELECT value FROM entry ORDER BY id DESC LIMIT 1")" = "0.0" ] ||
    fail "-0 is not stored as 0"
# Several huge amounts on one day: their daily sum overflows a double.
attempt "0|65" log trigger alcohol 1e308
attempt "0|65" log trigger alcohol 1.7e308
attempt "0|65" log trigger alcohol 1.7e308

# Times: far past and future, impossible dates, huge offsets.
for when in "0001-01-01T00:00" "0001-01-01" "9999-12-31T23:59" "10000-01-01" "99999-01-01" "1e9 days ago" \
    "1000000000 days ago" "9223372036854775807 days ago" "-9223372036854775808d" "-999999999999h" \
    "2026-02-30" "2026-13-01" "25:00" "24:00" "23:60" "-0h" "" "   " "yesterday 99:99" "monday 8pm pm" \
    "2026-11-25T08:30+99:00" "2026-11-25T08:30-14:01" "2026-11-25T08:30.999999999999" "now now" \
    "$(printf 'today\x01')" "$(printf '\xff\xfe')"; do
    attempt "0|64|65" log symptom fatigue 3 --at "$when"
    attempt "0|64|65" log symptom fatigue 3 --allow-future --at "$when"
    attempt "0|64|65" list --since "$when"
done
attempt "0|64|65" list --limit -1
attempt "0|64|65" list --limit 99999999999999999999
attempt "0|64|65" correlate --lags 0-99999999999
attempt "0|64|65" correlate --lags 5-1
attempt "0|64|65" correlate --threshold nan

# Notes: the longest one argument can be (Linux caps one argument at 128 KiB), control characters,
# invalid UTF-8, SQL. Stored byte for byte (invalid UTF-8 arrives as U+FFFD, Swift's decoding).
long_note=$(head -c 131071 /dev/zero | tr '\0' 'n')
notes=(
    "$long_note"
    "$(printf 'bell\a esc\033[31mred\033[0m del\177 tab\t cr\r end')"
    "$(printf 'line one\nline two')"
    "'); DROP TABLE entry; --"
    "\" OR 1=1 --"
    "%s%n%x \\0 \\\\ \$(reboot) \`id\`"
    "emoji 😖 and RTL ‮gnirts"
)
for note in "${notes[@]}"; do
    uid=$(new_uuid)
    attempt "0" log symptom fatigue 4 --note "$note" --id "$uid"
    want=$(printf '%s' "$note" | hex)
    got=$(stored_hex "SELECT lower(hex(note)) FROM entry WHERE uid = '$uid'")
    [ "$want" = "$got" ] || fail "note $(printf '%q' "$note" | head -c 60) stored differently"
done
uid=$(new_uuid)
attempt "0" log symptom fatigue 4 --note "$(printf 'bad \xff\xfe utf8')" --id "$uid"
got=$(stored_hex "SELECT lower(hex(note)) FROM entry WHERE uid = '$uid'")
[ "$got" = "$(printf 'bad \xef\xbf\xbd\xef\xbf\xbd utf8' | hex)" ] || fail "invalid UTF-8 in a note stored as $got"

# Names: SQL metacharacters are kept exactly; control characters and invalid UTF-8 are refused or kept.
names=(
    "x'; DROP TABLE item; --"
    "Robert\"); DELETE FROM entry; --"
    "100% _wild_ [card]"
    "名前 with ünïcödé"
)
for name in "${names[@]}"; do
    attempt "0" items add trigger "$name" --type scale
    attempt "0" log trigger "$name" 3
    want=$(printf '%s' "$name" | hex)
    got=$(stored_hex "SELECT lower(hex(name)) FROM item WHERE kind = 'trigger' AND name = CAST(X'$want' AS TEXT)")
    [ "$want" = "$got" ] || fail "name $(printf '%q' "$name") stored differently"
done
for name in "$(printf 'tab\tname')" "$(printf 'new\nline')" "$(printf 'esc\033[2Jname')" "$(printf '\xff\xfe')" \
    "" "   " "$(head -c 5000 /dev/zero | tr '\0' 'a')"; do
    attempt "0|64|65" items add trigger "$name" --type boolean
    attempt "0|64|65" log symptom "$name" 3
    attempt "0|64|65" log symptom fatigue 3 --region "$name"
done
attempt "0|64|65" log symptom fatigue 3 --id "'; DROP TABLE entry; --"
attempt "0|64|65" edit "1 OR 1=1" --value 3
attempt "0|64|65" delete "%"
attempt "0|64|65" config set day-start "04:00'; --"
attempt "0|64|65" config set day-start "99:99"

# The analysis and listing over everything accepted above.
for command in "list --limit 0" "list --format json --limit 0" "list --format csv --limit 0" "items" \
    "correlate" "correlate --format json" "effect alcohol" "effect yoga --format json" "info" "flare list"; do
    read -r -a words <<<"$command"
    attempt "0|65" "${words[@]}"
done
check_full "$db"

finish "$TRIED hostile inputs: $STORED stored and read back, $REFUSED refused with one line (64/65), no crash, check --full ok"
