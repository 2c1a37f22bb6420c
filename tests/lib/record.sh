#!/usr/bin/env bash
# record.sh CASE...: (re)writes a golden CLI case's stdout, stderr and exit
# from the current ./sqlc.  Review the result with `git diff` before
# committing: a recorded output is only as right as the reading it gets.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export SQLC=${SQLC:-$ROOT/sqlc} FIXTURES=$ROOT/fixtures TESTS=$ROOT/tests LC_ALL=C.UTF-8 TZ=UTC
for c in "$@"; do
    c=$ROOT/tests/cli/$(basename "$c")
    w=$(mktemp -d)
    (cd "$w" && bash "$ROOT/tests/lib/case.sh" "$c/cmd" >"$c/stdout" 2>"$c/stderr"; echo $? >"$w/rc")
    rc=$(cat "$w/rc")
    if [ "$rc" = 0 ]; then rm -f "$c/exit"; else echo "$rc" >"$c/exit"; fi
    [ -s "$c/stdout" ] || rm -f "$c/stdout"
    [ -s "$c/stderr" ] || rm -f "$c/stderr"
    rm -rf "$w"
done
