# Privacy: with umask 000, the data folder, the database, its -wal and -shm files, backups and
# exports are readable by their owner only; and no command opens a network connection (an
# LD_PRELOAD shim refuses and records socket/connect/getaddrinfo, and as root the commands also
# run in a network namespace of their own with `unshare -n`). The shim reaches only a dynamically linked
# program, so it runs against the dynamic release build ($FLARELOG_DYNAMIC); the static binary people
# install ($FLARELOG_STATIC) runs the same commands under `strace -f -e trace=network,openat`: no network
# system call, and no file opened outside the system's folders and the person's own.
source "$(dirname "$0")/lib.sh"
: "${FLARELOG_DYNAMIC:?run this part through Tests/reliability/run, which builds the release binaries}"
: "${FLARELOG_STATIC:?run this part through Tests/reliability/run, which builds the release binaries}"

home="$WORK/home"
data="$home/.local/share/flarelog"
umask 000

# open_to_others PATH…: the paths that group or others may read, write or enter.
open_to_others() { find "$@" -perm /077 2>/dev/null; }

run log symptom fatigue 4 --note private
expect_ok
run backup
LABEL=backup expect_ok
run backup "$WORK/explicit-backup.db"
LABEL="backup FILE" expect_ok
if "$FLARELOG" --help | grep -q '^ *export '; then
    run export --out "$WORK/export.csv"
    LABEL="export --out" expect_ok
    exported=("$WORK/export.csv")
else
    say "export is not in this build: its --out file is not checked"
    exported=()
fi

# The -wal and -shm files exist only while a command runs: kill writers mid-way until they are seen.
seen_wal=0
for _ in $(seq 1 60); do
    env -i HOME="$home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" log symptom fatigue 5 >/dev/null 2>&1 &
    pid=$!
    sleep "0.0$(random_ms 60 | xargs printf '%02d')"
    kill -KILL "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    if [ -e "$data/flarelog.db-wal" ] && [ -e "$data/flarelog.db-shm" ]; then
        seen_wal=1
        break
    fi
done
[ "$seen_wal" = 1 ] || fail "never caught the -wal and -shm files"
files=("$home/.local" "$data" "$data/flarelog.db" "$data/backups" "$data"/backups/* "$WORK/explicit-backup.db")
[ "$seen_wal" = 1 ] && files+=("$data/flarelog.db-wal" "$data/flarelog.db-shm")
files+=("${exported[@]}")
leaks=$(open_to_others "${files[@]}")
[ -z "$leaks" ] || fail "readable by others with umask 000: $leaks"
say "modes: $(stat -c '%a %n' "${files[@]}" | sed "s|$WORK/||" | tr '\n' ' ')"

# No network: every command under the shim, then (as root) in an empty network namespace.
shim="$WORK/no_network.so"
"$CC" -shared -fPIC -O2 -o "$shim" "$(dirname "$0")/no_network.c" || skip "no C compiler for the shim"
net_log="$WORK/network.log"
: >"$net_log"
# commands_on NAME: the commands run, on $WORK/NAME.db and its backup $WORK/NAME-backup.db.
commands_on() {
    commands=(
        "init" "log symptom fatigue 6" "log trigger stress 3" "list" "items" "info" "check --full"
        "backup $WORK/$1-backup.db" "restore $WORK/$1-backup.db" "config get day-start" "flare list"
    )
    "$FLARELOG" --help | grep -q '^ *export ' && commands+=("export")
}
db="$WORK/net.db"
commands_on net
loaded_log="$WORK/loaded.log"
: >"$loaded_log"
ran=0
shim_env="LD_PRELOAD=$shim NO_NETWORK_LOG=$net_log NO_NETWORK_LOADED=$loaded_log"
for command in "${commands[@]}"; do
    read -r -a words <<<"$command"
    FLARELOG=$FLARELOG_DYNAMIC EXTRA_ENV=$shim_env run --db "$db" "${words[@]}"
    LABEL="$command without network" expect_ok
    ran=$((ran + 1))
done
FLARELOG=$FLARELOG_DYNAMIC EXTRA_ENV=$shim_env run demo --days 30
LABEL="demo without network" expect_ok
ran=$((ran + 1))
calls=$(wc -l <"$net_log")
[ "$calls" -eq 0 ] || fail "network calls: $(sort "$net_log" | uniq -c | tr '\n' ' ')"
loaded=$(wc -l <"$loaded_log")
[ "$loaded" -ge "$ran" ] || fail "the shim was loaded by $loaded of $ran commands: is $FLARELOG_DYNAMIC dynamic?"

# The static binary: the same commands traced. Opened paths must be the system's (read-only) or the
# person's own ($WORK: the database, backups, exports, the home folder).
traced="not run (no strace)"
if command -v strace >/dev/null 2>&1; then
    linkage=$(ldd "$FLARELOG_STATIC" 2>&1)
    [[ "$linkage" == *"not a dynamic executable"* ]] ||
        fail "$FLARELOG_STATIC is not static: $(printf '%s' "$linkage" | head -n 2 | tr '\n' ' ')"
    trace="$WORK/strace.log"
    : >"$trace"
    commands_on static
    for command in "${commands[@]}" "demo --days 30"; do
        read -r -a words <<<"$command"
        [ "$command" = "demo --days 30" ] || words=(--db "$WORK/static.db" "${words[@]}")
        env -i HOME="$WORK/static-home" TZ=UTC LANG=C.UTF-8 PATH=/usr/bin:/bin \
            strace -f -qq -e trace=network,openat -o "$WORK/strace.one" "$FLARELOG_STATIC" "${words[@]}" \
            >/dev/null 2>"$WORK/.err" </dev/null || fail "$command (static, traced): $(cat "$WORK/.err")"
        cat "$WORK/strace.one" >>"$trace"
    done
    network=$(grep -c -v -E '^[0-9]+ +(openat\(|<\.\.\. openat resumed|\+\+\+|---)' "$trace")
    [ "$network" -eq 0 ] || fail "the static binary made network calls: $(grep -v openat "$trace" | head -n 3)"
    # `check` lists the temporary folder and the current folder for flarelog's own leftover files (names
    # only): those two may be opened as folders, never a file in them that is not flarelog's.
    listed="^($(pwd)|/tmp)$" # the traced commands run with no TMPDIR
    opened=$(grep -o -E 'openat\([^"]*"[^"]*"[^)]*\)' "$trace" |
        sed 's/^[^"]*"\([^"]*\)"\(.*\)$/\1\t\2/' |
        awk -F'\t' -v listed="$listed" '!($1 ~ listed && $2 ~ /O_DIRECTORY/) { print $1 }' | sort -u)
    elsewhere=$(printf '%s\n' "$opened" | grep -v -E "^($WORK(/|$)|/usr/|/etc/|/proc/|/sys/|/dev/(null|urandom)$|/lib|/tmp/flarelog-)" | grep -v '^$')
    [ -z "$elsewhere" ] || fail "the static binary opened files outside the data folders: $(echo "$elsewhere" | head -n 5 | tr '\n' ' ')"
    traced="the static binary traced: $(grep -c openat "$trace") openat, $network network calls, $(printf '%s\n' "$opened" | grep -c -E "^$WORK/") own files"
fi

namespace="not run (needs root)"
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
    for command in "log symptom fatigue 2" "list" "check --full" "backup $WORK/ns-backup.db"; do
        read -r -a words <<<"$command"
        unshare -n env -i HOME="$home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG_STATIC" --db "$db" "${words[@]}" \
            >/dev/null 2>"$WORK/.err" || fail "$command under unshare -n: $(cat "$WORK/.err")"
    done
    namespace="4 commands of the static binary worked under unshare -n"
fi

finish "${#files[@]} files and folders private with umask 000; $ran commands (dynamic build) made $calls socket/connect/getaddrinfo calls; $traced; $namespace"
