#!/usr/bin/env bash
# tutorial: the README's "Five-minute tutorial", run for real.
#
# The ```sh blocks of that section are taken from README.md as they are,
# joined in order and run by bash -e against the harness's server, with
# `sqlc` on PATH; so the README cannot show a command that does not work.
# Then the end state is checked: the database at the head, the row kept
# through the rename, the bundle written, the drift found after the
# downgrade and gone after the upgrade.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
mkdir -p bin && ln -sf "$SQLC" bin/sqlc && export PATH=$PWD/bin:$PATH
awk '/^## Five-minute tutorial$/ { on = 1; next } on && /^## / { exit }
     on && /^```sh$/ { code = 1; n++; print "# --- block " n; next }
     code && /^```$/ { code = 0; next } code' "$ROOT/README.md" >tutorial.sh
blocks=$(grep -c '^# --- block' tutorial.sh)
[ "$blocks" -ge 9 ] || { echo "FAIL: the README's tutorial has $blocks shell blocks, not the nine steps"; exit 1; }
dropdb --if-exists shop_dev 2>/dev/null
unset SQLC_DATABASE_URL
export SOURCE_DATE_EPOCH=1795000000
bash -euo pipefail tutorial.sh >out.txt 2>err.txt
rc=$?
[ $rc = 0 ] || { echo "FAIL: the tutorial stopped (exit $rc):"; tail -20 out.txt; tail -20 err.txt; exit 1; }
cd shop || exit 1
export SQLC_DATABASE_URL=postgresql:///shop_dev
[ "$(ls versions/*.sql | wc -l)" = 4 ] || { echo "FAIL: not four revisions:"; ls versions; fail=1; }
head=$(sqlc heads | sed 's/.* -> \([0-9a-f]*\).*/\1/')
[ "$(sqlc current)" = "$head (head)" ] || { echo "FAIL: the database is not at the head $head: $(sqlc current)"; fail=1; }
[ "$(psql -X -At -d shop_dev -c 'SELECT full_name FROM users')" = "Ada Lovelace" ] || { echo "FAIL: the row did not survive the rename"; fail=1; }
grep -q '^Ada Lovelace$' ../out.txt || { echo "FAIL: the tutorial did not print the row"; fail=1; }
grep -q "created_at" "$(ls versions/*created_at*.sql)" || { echo "FAIL: autogenerate did not write created_at"; fail=1; }
[ -s release.sql ] && grep -q 'CREATE TABLE users' release.sql || { echo "FAIL: no bundle"; fail=1; }
grep -q '^drift found (exit 1)$' ../out.txt || { echo "FAIL: the drift after the downgrade was not found"; fail=1; }
grep -q '^No differences\.$' ../out.txt || { echo "FAIL: drift remained after the upgrade"; fail=1; }
grep -q 'data-rendered\|id="count"' drift.html || { echo "FAIL: no HTML drift report"; fail=1; }
sqlc check >/dev/null || { echo "FAIL: sqlc check fails at the end"; fail=1; }
exit $fail
