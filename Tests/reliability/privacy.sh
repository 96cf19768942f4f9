# Privacy: with umask 000, the data folder, the database, its -wal and -shm files, backups and
# exports are readable by their owner only; and no command opens a network connection (an
# LD_PRELOAD shim refuses and records socket/connect/getaddrinfo, and as root the commands also
# run in a network namespace of their own with `unshare -n`).
source "$(dirname "$0")/lib.sh"

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
db="$WORK/net.db"
commands=(
    "init" "log symptom fatigue 6" "log trigger stress 3" "list" "items" "info" "check --full"
    "backup $WORK/net-backup.db" "restore $WORK/net-backup.db" "config get day-start" "flare list"
)
"$FLARELOG" --help | grep -q '^ *export ' && commands+=("export")
ran=0
for command in "${commands[@]}"; do
    read -r -a words <<<"$command"
    EXTRA_ENV="LD_PRELOAD=$shim NO_NETWORK_LOG=$net_log" run --db "$db" "${words[@]}"
    LABEL="$command without network" expect_ok
    ran=$((ran + 1))
done
EXTRA_ENV="LD_PRELOAD=$shim NO_NETWORK_LOG=$net_log" run demo --days 30
LABEL="demo without network" expect_ok
ran=$((ran + 1))
calls=$(wc -l <"$net_log")
[ "$calls" -eq 0 ] || fail "network calls: $(sort "$net_log" | uniq -c | tr '\n' ' ')"

namespace="not run (needs root)"
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
    for command in "log symptom fatigue 2" "list" "check --full" "backup $WORK/ns-backup.db"; do
        read -r -a words <<<"$command"
        unshare -n env -i HOME="$home" TZ=UTC PATH=/usr/bin:/bin "$FLARELOG" --db "$db" "${words[@]}" \
            >/dev/null 2>"$WORK/.err" || fail "$command under unshare -n: $(cat "$WORK/.err")"
    done
    namespace="4 commands worked under unshare -n"
fi

finish "${#files[@]} files and folders private with umask 000; $ran commands made $calls socket/connect/getaddrinfo calls; $namespace"
