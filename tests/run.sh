#!/usr/bin/env bash
# run.sh: the whole test suite, unit and integration, with one summary.
#
#   SQLC=path/to/sqlc UNIT_DIR=build/tests/unit bash tests/run.sh
#
# 1. starts a throwaway PostgreSQL 15 (tests/lib/pg.sh), stopped on every exit;
# 2. runs every cmocka binary in $UNIT_DIR and counts its tests;
# 3. runs every golden CLI case in tests/cli/ and every bad-input case in
#    tests/bad/ (see tests/bad/README.md);
# 4. runs every script test in tests/scripts/*.sh (one test each);
# 5. runs each fuzz target in $FUZZ_DIR for $FUZZ_SECONDS (one test each).
# Ends with "N passed, N failed" (and skipped) and exits 1 on any failure.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${SQLC:?set SQLC to the sqlc binary}"
: "${UNIT_DIR:?set UNIT_DIR to the unit test binaries}"
export SQLC FIXTURES="$ROOT/fixtures" SHARED="$ROOT/../shared" TESTS="$ROOT/tests"
export LC_ALL=C.UTF-8 TZ=UTC
unset SQLC_DATABASE_URL

. "$ROOT/tests/lib/pg.sh"

PASSED=0 FAILED=0 SKIPPED=0
FAILURES=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sqlc-test.XXXXXX")
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$1"); echo "FAIL: $1"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIP: $1"; }

# --- PostgreSQL -------------------------------------------------------------
export SQLC_TEST_REQUIRE_PG=1
if pg_start; then
    pass
else
    fail "harness: start PostgreSQL 15"
fi

# --- unit tests ---------------------------------------------------------------
for bin in "$UNIT_DIR"/test_*; do
    [ -x "$bin" ] || continue
    [ "${bin%.d}" = "$bin" ] || continue
    [ "${bin%.o}" = "$bin" ] || continue
    name=$(basename "$bin")
    out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$bin" 2>&1)
    rc=$?
    np=$(printf '%s\n' "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    nf=$(printf '%s\n' "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    ns=$(printf '%s\n' "$out" | sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
    PASSED=$((PASSED + ${np:-0}))
    SKIPPED=$((SKIPPED + ${ns:-0}))
    if [ -n "$nf" ] && [ "$nf" != 0 ] || [ $rc != 0 ]; then
        FAILED=$((FAILED + ${nf:-1}))
        FAILURES+=("unit: $name")
        printf '%s\n' "$out"
    fi
    printf '%s\n' "$out" | grep '^\[  SKIPPED \] [a-z]' | sed 's/^/  /'
done

# --- golden CLI cases and the bad-input catalogue ------------------------------
# Both are directories NAME/{cmd,stdout,stderr,exit} (tests/cli/README.md,
# tests/bad/README.md); a case whose cmd exits 77 (SKIP in case.sh) is
# skipped, with its last line of stderr as the reason.
run_cases() { # run_cases DIR LABEL
    local case name dir want_rc ok stream f want
    for case in "$1"/*/; do
        case=${case%/}
        name=$(basename "$case")
        [ -f "$case/cmd" ] || continue
        dir="$WORK/$2-$name"
        mkdir -p "$dir"
        (cd "$dir" && CASE=$case bash "$ROOT/tests/lib/case.sh" "$case/cmd" >"$dir.out" 2>"$dir.err"
         echo $? >"$dir.rc")
        want_rc=$(cat "$case/exit" 2>/dev/null || echo 0)
        if [ "$(cat "$dir.rc")" = 77 ] && [ "$want_rc" != 77 ]; then
            skip "$2: $name: $(tail -1 "$dir.err")"
            continue
        fi
        ok=1
        [ "$(cat "$dir.rc")" = "$want_rc" ] || { ok=0; echo "  exit: want $want_rc, got $(cat "$dir.rc")"; }
        for stream in stdout stderr; do
            f=$dir.out; [ $stream = stderr ] && f=$dir.err
            want="$case/$stream"
            if [ -f "$want" ]; then
                if ! diff -u "$want" "$f" >"$dir.$stream.diff"; then
                    ok=0; echo "  $stream differs:"; sed 's/^/    /' "$dir.$stream.diff"
                fi
            elif [ -s "$f" ]; then
                ok=0; echo "  unexpected $stream:"; sed 's/^/    /' "$f"
            fi
        done
        if [ $ok = 1 ]; then pass; else fail "$2: $name"; fi
    done
}
export SHIM=${SHIM:-}
run_cases "$ROOT/tests/cli" cli
run_cases "$ROOT/tests/bad" bad

# --- script tests ------------------------------------------------------------------
for t in "$ROOT"/tests/scripts/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    dir="$WORK/script-$name"
    mkdir -p "$dir"
    out=$(cd "$dir" && bash "$t" 2>&1)
    rc=$?
    if [ $rc = 0 ]; then
        pass
    elif [ $rc = 77 ]; then
        skip "$name: $(printf '%s\n' "$out" | tail -1)"
    else
        printf '%s\n' "$out" | sed 's/^/  /'
        fail "script: $name"
    fi
done

# --- fuzz targets, briefly -----------------------------------------------------
# One test per target in tests/fuzz/: FUZZ_SECONDS of libFuzzer each (make
# test builds them into $FUZZ_DIR when clang is there).
for src in "$ROOT"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    if [ -z "${FUZZ_DIR:-}" ]; then
        skip "fuzz: $name: no fuzz build (needs clang; 'make test' builds it, 'make check-asan' does not run it)"
    elif [ ! -x "$FUZZ_DIR/$name" ]; then
        skip "fuzz: $name: $FUZZ_DIR/$name was not built"
    # 5 s per input, not make fuzz's 1 s: here the fuzzer shares the
    # machine with the rest of the suite, and a loaded machine made a
    # 0.25 s input time out.
    elif out=$(FUZZ_SECONDS=${FUZZ_SECONDS:-15} FUZZ_TIMEOUT=5 bash "$ROOT/tests/fuzz/run.sh" "$FUZZ_DIR/$name" 2>&1); then
        printf '%s\n' "$out" | grep "^$name:" | sed 's/^/  /'
        pass
    else
        printf '%s\n' "$out" | sed 's/^/  /'
        fail "fuzz: $name"
    fi
done

echo
if [ $FAILED != 0 ]; then
    echo "Failed:"
    printf '  %s\n' "${FAILURES[@]}"
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ $FAILED = 0 ]
