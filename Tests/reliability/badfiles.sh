# Bad files: every command against a zero-byte file, random bytes, a text file, a truncated and a
# corrupted flarelog database, another application's SQLite database, a newer-schema database, a
# directory, an unreadable file and read-only files. Each gives one `flarelog: error:` line with the
# exit status of the table in docs/development.md, "Bad files" (or works, for reading commands on a
# read-only file), and no file changes (SHA-256 before and after).
source "$(dirname "$0")/lib.sh"

files="$WORK/files"
mkdir -p "$files" "$WORK/bin"
chmod 755 "$WORK" "$files" "$WORK/bin"
cp "$FLARELOG" "$WORK/bin/flarelog"
chmod 755 "$WORK/bin/flarelog"

# A healthy database with history (correlate needs days), closed cleanly (no -wal).
good="$WORK/good.db"
run --db "$good" demo --days 60
LABEL="demo history" expect_ok
chmod 644 "$good"
has_export=0
"$FLARELOG" --help | grep -q '^ *export ' && has_export=1
if [ "$has_export" = 1 ]; then
    run --db "$good" export --out "$WORK/good-export.csv"
    LABEL="export of the good database" expect_ok
    chmod 644 "$WORK/good-export.csv"
fi

head -c 0 /dev/zero >"$files/empty.db"
head -c 65536 /dev/urandom >"$files/random.db"
printf 'date,symptom,severity\n2026-11-25,fatigue,7\n' >"$files/text.db"
size=$(stat -c %s "$good")
head -c $((size / 2 + 100)) "$good" >"$files/truncated.db"
cp "$good" "$files/corrupt.db"
# Garbage over every page after the first four (the schema stays readable, the tables do not).
pages=$((size / 4096))
for page in $(seq 4 3 $((pages - 1))); do
    head -c 512 /dev/urandom | dd of="$files/corrupt.db" bs=1 seek=$((page * 4096 + 100)) conv=notrunc 2>/dev/null
done
sqlite3 "$files/foreign.db" "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');"
cp "$good" "$files/newer.db"
sqlite3 "$files/newer.db" "PRAGMA user_version = 99"
mkdir "$files/directory.db"
kinds=(empty random text truncated corrupt foreign newer directory)

# Files for another user (root ignores permissions): flarelog runs as nobody for these.
if [ "$(id -u)" -eq 0 ]; then
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    owner=nobody
else
    as_user=()
    owner=$(id -un)
fi
mkdir -p "$files/mine" "$files/theirs" "$WORK/userhome"
cp "$good" "$files/mine/unreadable.db"
cp "$good" "$files/mine/readonly.db"
cp "$good" "$files/theirs/readonly-folder.db"
chown -R "$owner" "$files/mine" "$WORK/userhome" 2>/dev/null
chmod 000 "$files/mine/unreadable.db"
chmod 444 "$files/mine/readonly.db"
chmod 755 "$files/mine"
chmod 644 "$files/theirs/readonly-folder.db"
chmod 755 "$files/theirs"
[ "$(id -u)" -eq 0 ] || chmod 555 "$files/theirs"
user_kinds=(unreadable readonly readonly-folder)
path_of() {
    case $1 in
        unreadable | readonly) echo "$files/mine/$1.db" ;;
        readonly-folder) echo "$files/theirs/$1.db" ;;
        *) echo "$files/$1.db" ;;
    esac
}

reading=(info list items correlate check backup export restore)
writing=(init log edit delete undelete config import)

# The exit status each command must give for each kind of file (docs/development.md, "Bad files").
expected() {
    local kind=$1 command=$2 is_write=0
    [[ " ${writing[*]} " == *" $command "* ]] && is_write=1
    case $kind in
        empty | random | text | foreign | newer) echo 65 ;;
        truncated) if [ "$command" = check ]; then echo "1|65"; else echo 65; fi ;;
        # Damaged pages are found when a command reads them: one that never touches them may work.
        corrupt) if [ "$command" = check ]; then echo "1|65"; else echo "0|65"; fi ;;
        directory | unreadable) echo 66 ;;
        readonly | readonly-folder) if [ "$is_write" = 1 ]; then echo 73; else echo 0; fi ;;
    esac
}

# arguments COMMAND FILE: the command line for COMMAND on FILE.
arguments() {
    local dest="$WORK/dest-$RANDOM$RANDOM"
    mkdir -p "$dest"
    chown "$owner" "$dest" 2>/dev/null
    case $1 in
        info) echo "--db|$2|info" ;;
        list) echo "--db|$2|list" ;;
        items) echo "--db|$2|items" ;;
        correlate) echo "--db|$2|correlate" ;;
        check) echo "--db|$2|check|--full" ;;
        backup) echo "--db|$2|backup|$dest/" ;;
        export) echo "--db|$2|export" ;;
        restore) echo "--db|$dest/live.db|restore|$2" ;;
        init) echo "--db|$2|init" ;;
        log) echo "--db|$2|log|symptom|fatigue|3" ;;
        edit) echo "--db|$2|edit|1|--value|2" ;;
        delete) echo "--db|$2|delete|1" ;;
        undelete) echo "--db|$2|undelete|1" ;;
        config) echo "--db|$2|config|set|day-start|04:00" ;;
        import) echo "--db|$2|import|$WORK/good-export.csv|--from|flarelog" ;;
    esac
}

TRIED=0
table="$WORK/table"
: >"$table"
try() {
    local kind=$1 command=$2 file want before after args
    file=$(path_of "$kind")
    want=$(expected "$kind" "$command")
    IFS='|' read -r -a args <<<"$(arguments "$command" "$file")"
    before=$( (sha256sum "$file" 2>/dev/null || find "$file" -printf '%M %s\n') | awk '{print $1}')
    local user=()
    if [[ " ${user_kinds[*]} " == *" $kind "* ]]; then user=("${as_user[@]}"); fi
    "${user[@]}" env -i HOME="$WORK/userhome" TZ=UTC LANG=C.UTF-8 PATH=/usr/bin:/bin "$WORK/bin/flarelog" \
        "${args[@]}" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    STATUS=$?
    ERR=$(cat "$WORK/.err")
    after=$( (sha256sum "$file" 2>/dev/null || find "$file" -printf '%M %s\n') | awk '{print $1}')
    TRIED=$((TRIED + 1))
    local label="$command on $kind"
    if [[ "|$want|" != *"|$STATUS|"* ]]; then
        fail "$label: exit $STATUS, expected $want: $(printf '%s' "$ERR" | head -c 300)"
    elif [ "$STATUS" -ne 0 ]; then
        LABEL=$label expect_error "$STATUS"
    fi
    # Only a writing command that worked may change the file.
    if [ "$before" != "$after" ] && { [ "$STATUS" -ne 0 ] || [[ " ${reading[*]} " == *" $command "* ]]; }; then
        fail "$label: the file changed"
    fi
    if [ "$kind" = readonly ] || [ "$kind" = readonly-folder ]; then
        [ "$(stat -c %a "$file")" = "$(if [ "$kind" = readonly ]; then echo 444; else echo 644; fi)" ] ||
            fail "$label: the file's mode changed"
    fi
    printf '%-16s %-10s %3s  %s\n' "$kind" "$command" "$STATUS" "$(printf '%s' "$ERR" | head -c 150)" >>"$table"
}

commands=("${reading[@]}" "${writing[@]}")
for kind in "${kinds[@]}" "${user_kinds[@]}"; do
    for command in "${commands[@]}"; do
        [ "$command" = export ] || [ "$command" = import ] && [ "$has_export" = 0 ] && continue
        try "$kind" "$command"
    done
done
[ "$has_export" = 1 ] || say "export is not in this build: skipped"
say "every result (kind, command, exit status, stderr):"
sed 's/^/    /' "$table"

finish "$TRIED bad-file runs ($(( ${#kinds[@]} + ${#user_kinds[@]} )) kinds x ${#commands[@]} commands), each one clear line with the documented status, no file changed"
