# Fuzzing with libFuzzer (ASan on): the --at parser, values/regions/days, the command line, and the
# import parsers (flarelog, Bearable, Flaredown, Flaredown long).
# Each target runs for a bounded time from its checked-in seed corpus (Tests/fuzz/corpus/TARGET);
# new inputs it finds stay in a scratch folder. A crash fails the part and prints the input (base64),
# which then becomes a regression test in Tests/FlareKitTests.
source "$(dirname "$0")/lib.sh"

seconds=${FLARELOG_FUZZ_SECONDS:-30}
[ "$LONG" = 1 ] && seconds=${FLARELOG_FUZZ_SECONDS:-600}
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/Tests/fuzz/build" >"$WORK/build.log" 2>&1 || {
    tail -20 "$WORK/build.log"
    fail "the fuzz targets did not build"
    finish "not built"
}

TOTAL=0
summary=""
for target in when values args import; do
    corpus="$WORK/corpus-$target"
    mkdir -p "$corpus" "$WORK/artifacts-$target"
    max_len=512
    [ "$target" = import ] && max_len=8192
    "$root/.build/fuzz/fuzz-$target" -max_total_time="$seconds" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$WORK/artifacts-$target/" "$corpus" "$root/Tests/fuzz/corpus/$target" \
        >"$WORK/$target.log" 2>&1
    status=$?
    runs=$(grep -o '^Done [0-9]*' "$WORK/$target.log" | awk '{print $2}')
    runs=${runs:-$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$target.log" | awk '{print $2}')}
    TOTAL=$((TOTAL + ${runs:-0}))
    summary+="$target ${runs:-0}, "
    if [ "$status" -ne 0 ]; then
        grep -E 'ERROR|Fatal error|SUMMARY' "$WORK/$target.log" | head -5
        for artifact in "$WORK/artifacts-$target"/*; do
            [ -e "$artifact" ] && say "crashing input $(basename "$artifact"): $(base64 -w0 <"$artifact")"
        done
        fail "fuzz-$target found a crash (exit $status)"
    fi
    say "fuzz-$target: ${runs:-?} executions in ${seconds}s, $(find "$corpus" -type f | wc -l) new corpus inputs"
done

finish "$TOTAL fuzz executions (${summary%, }) in ${seconds}s each, no crash"
