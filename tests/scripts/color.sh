#!/usr/bin/env bash
# color: colour only on a terminal, never with NO_COLOR (even empty), and
# never in a file or a pipe.  script(1) gives sqlc a terminal.
set -u
fail=0
command -v script >/dev/null || { echo "script(1) is not installed (bsdutils)"; exit 77; }
cp -r "$FIXTURES/schemas" . && cd schemas
cmd="$SQLC diff --from schema:shop_v1.sql --to schema:shop_v2.sql"
esc=$(printf '\033')
script -qec "$cmd" /dev/null >tty.txt
grep -q "$esc\[3[0-9]m" tty.txt || { echo "FAIL: no colour on a terminal"; fail=1; }
NO_COLOR=1 script -qec "$cmd" /dev/null >nocolor.txt
grep -q "$esc\[" nocolor.txt && { echo "FAIL: colour with NO_COLOR=1"; fail=1; }
NO_COLOR= script -qec "$cmd" /dev/null >nocolor-empty.txt
grep -q "$esc\[" nocolor-empty.txt && { echo "FAIL: colour with NO_COLOR set but empty"; fail=1; }
$cmd >pipe.txt
grep -q "$esc" pipe.txt && { echo "FAIL: colour in a pipe"; fail=1; }
script -qec "$cmd -o out.txt" /dev/null >/dev/null
grep -q "$esc" out.txt && { echo "FAIL: colour in an -o file"; fail=1; }
# The same words either way.
sed "s/$esc\[[0-9;]*m//g; s/\r//" tty.txt | diff - pipe.txt >/dev/null || { echo "FAIL: the terminal report differs from the piped one beyond colour"; fail=1; }
exit $fail
