#!/usr/bin/env bash
# record.sh CASE...: (re)writes a golden case's stdout, stderr and exit
# from the current ./sqlc (CASE: tests/cli/NAME, tests/bad/NAME or NAME).
# Review the result with `git diff` before committing: a recorded output is
# only as right as the reading it gets.  Cases that need the database want
# the PG* variables of a running server (tests/lib/pg.sh).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export SQLC=${SQLC:-$ROOT/sqlc} FIXTURES=$ROOT/fixtures TESTS=$ROOT/tests LC_ALL=C.UTF-8 TZ=UTC
export SHIM=${SHIM:-$ROOT/build/tests/failwrite.so}
for c in "$@"; do
    # A path (tests/bad/NAME) or a bare name, looked up in tests/cli then tests/bad.
    n=$(basename "$c")
    case $c in
    */*) c=$ROOT/$(basename "$(dirname "$c")" | sed 's|^|tests/|')/$n ;;
    *) c=$ROOT/tests/cli/$n; [ -d "$c" ] || c=$ROOT/tests/bad/$n ;;
    esac
    w=$(mktemp -d)
    (cd "$w" && CASE=$c bash "$ROOT/tests/lib/case.sh" "$c/cmd" >"$c/stdout" 2>"$c/stderr"; echo $? >"$w/rc")
    rc=$(cat "$w/rc")
    if [ "$rc" = 77 ]; then
        echo "record.sh: $n skipped itself: $(tail -1 "$c/stderr"); not recorded" >&2
        git -C "$ROOT" checkout -q -- "$c/stdout" "$c/stderr" 2>/dev/null || rm -f "$c/stdout" "$c/stderr"
        rm -rf "$w"
        continue
    fi
    if [ "$rc" = 0 ]; then rm -f "$c/exit"; else echo "$rc" >"$c/exit"; fi
    [ -s "$c/stdout" ] || rm -f "$c/stdout"
    [ -s "$c/stderr" ] || rm -f "$c/stderr"
    rm -rf "$w"
done
