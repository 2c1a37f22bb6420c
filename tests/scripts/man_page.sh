#!/usr/bin/env bash
# man_page: the man page docs/gen_man.sh builds from docs/sqlc.1.in and
# the command table renders with man-db's warnings on and none printed,
# and covers every command, the file format, sqlc.ini's keys, the
# environment variables sqlc reads and the exit codes.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
command -v man >/dev/null || { echo "man is not installed (package man-db, which make deps installs)"; exit 77; }
bash "$ROOT/docs/gen_man.sh" "$SQLC" >sqlc.1 || { echo "FAIL: docs/gen_man.sh failed"; exit 1; }
MANWIDTH=80 man --warnings -l sqlc.1 >page.txt 2>warnings.txt
[ -s warnings.txt ] && { echo "FAIL: man --warnings printed:"; cat warnings.txt; fail=1; }
[ -s page.txt ] || { echo "FAIL: man rendered nothing"; fail=1; }
for cmd in $("$SQLC" help --commands); do
    grep -q "^   sqlc $cmd\$" page.txt || { echo "FAIL: no section for 'sqlc $cmd'"; fail=1; }
done
for section in NAME SYNOPSIS OPTIONS COMMANDS "REVISION SPECIFIERS" "FILE FORMAT" CONFIGURATION ENVIRONMENT "EXIT STATUS"; do
    grep -q "^$section\$" page.txt || { echo "FAIL: no $section section"; fail=1; }
done
# Every sqlc.ini key the config reader accepts, every variable sqlc reads.
keys=$(grep -o 'strcmp(name, "[a-z_]*")' "$ROOT/compiler/config.c" | sed 's/.*"\(.*\)".*/\1/' | sort -u)
vars=$(grep -rho 'getenv("[A-Z_]*")' "$ROOT"/compiler "$ROOT"/cli "$ROOT"/diff | sed 's/.*"\(.*\)".*/\1/' | grep -v DEBUG | sort -u)
[ -n "$keys" ] && [ -n "$vars" ] || { echo "FAIL: could not read the keys or variables from the sources"; fail=1; }
for w in $keys $vars PGHOST; do
    grep -q -- "^       $w" page.txt || { echo "FAIL: the man page does not describe $w"; fail=1; }
done
for code in 0 1 2; do
    sed -n '/^EXIT STATUS/,/^[A-Z]/p' page.txt | grep -q "^       $code  " || { echo "FAIL: exit code $code not described"; fail=1; }
done
exit $fail
