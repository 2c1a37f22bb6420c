#!/usr/bin/env bash
# run.sh BIN...: runs each libFuzzer target for $FUZZ_SECONDS on seeds made
# from fixtures/ and ../shared/corpora, copied into build/fuzz/corpus/NAME
# (never committed), where libFuzzer also keeps the inputs that found new
# coverage, so each run starts where the last one stopped.  Prints each
# target's execution count and coverage; exits 1 when a target finds a
# crash, leak, sanitizer report or an input over $FUZZ_TIMEOUT seconds
# (default 1).  Crash inputs are kept in build/fuzz/crashes/.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${FUZZ_SECONDS:-15}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sqlc-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ROOT/build/fuzz/crashes"
seed() { # seed DIR FILES...
    local dir=$1; shift
    mkdir -p "$dir"
    local i=0
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/seed$i"
        i=$((i + 1))
    done
}
C=$ROOT/../shared/corpora
# The deepest statements sqlc accepts (compiler/sqldepth.c) need more than
# 8 MiB of stack under AddressSanitizer; sqlc itself raises its limit
# (cli/main.c), the fuzz targets get it here.
ulimit -S -s 65536 2>/dev/null || true
fail=0 total=0
for bin in "$@"; do
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    name=$(basename "$bin")
    corpus=$ROOT/build/fuzz/corpus/$name
    case $name in
    fuzz_revfile) seed "$corpus" $(find "$ROOT/fixtures" -name '*.sql' -path '*versions*') ;;
    fuzz_replay) seed "$corpus" $(find "$ROOT/fixtures" -name '*.sql') $(find "$C" -name '*.sql' -size -64k 2>/dev/null | head -400) ;;
    fuzz_dump) seed "$corpus" $(find "$C" -path '*oracle*' -name '*.sql' 2>/dev/null) "$C/ssoready/sqlc/schema.sql" ;;
    fuzz_revspec) mkdir -p "$corpus"; for s in head heads base base+1 one two@head d0-1 a0:d0 -1 +2 a0+1 c0-2 'x@head'; do printf '%s' "$s" >"$corpus/$(echo "$s" | md5sum | cut -c1-8)"; done ;;
    *) mkdir -p "$corpus" ;;
    esac
    log=$WORK/$name.log
    (cd "$ROOT/build/fuzz/crashes" && LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp "$bin" -max_total_time="$SECS" -timeout="${FUZZ_TIMEOUT:-1}" -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 "$corpus" >"$log" 2>&1)
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    total=$((total + ${execs:-0}))
    if [ $rc != 0 ]; then
        fail=1
        echo "$name: FAILED after ${execs:-?} executions ($cov)"
        grep -E 'ERROR|runtime error|SUMMARY|Test unit written|timeout' "$log" | head -8
    else
        echo "$name: ${execs:-?} executions, $cov"
    fi
done
echo "fuzz: $total executions in total"
exit $fail
