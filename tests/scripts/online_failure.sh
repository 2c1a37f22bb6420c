#!/usr/bin/env bash
# online_failure: a revision that fails on the server in the middle of a
# history (fixtures/online/failing; tests/cli/online-failing has the exact
# messages).  After the failure the database's schema is replay's at the
# previous revision, the version table names that revision and is not
# dirty, and its history holds one row per revision that did apply: per
# revision (the default), with --single-transaction (back to base), and
# for a downgrade whose revision fails.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${TESTS:?}" "${PGHOST:?the harness must export PGHOST}"
. "$TESTS/lib/online.sh"

cp -r "$FIXTURES/online/failing" failing && cd failing || exit 1

# fails_at DB "ARGS" ROWS HISTORY [REV...]: sqlc ARGS exits 1 naming
# file:line:col, and leaves ROWS, HISTORY rows and replay's schema at REV.
fails_at() {
    local db=$1 args=$2 rows=$3 hist=$4; shift 4
    # shellcheck disable=SC2086
    "$SQLC" --db "dbname=$db" $args >out 2>errout
    local rc=$?
    [ $rc = 1 ] || { err "$db: sqlc $args exited $rc, want 1"; cat errout; }
    grep -Eq '^versions/aa000000000[0-9]_[a-z_]+\.sql:[0-9]+:[0-9]+: error: .* \(SQLSTATE [0-9A-Z]{5}\)$' errout ||
        { err "$db: no file:line:col error with SQLSTATE:"; cat errout; }
    [ "$(heads_of "$db")" = "$rows" ] || err "$db: after 'sqlc $args' the rows are '$(heads_of "$db")', want '$rows'"
    local n; n=$(psql -X -Atq -d "$db" -c 'SELECT count(*) FROM sqlc_version_history' 2>/dev/null)
    [ "${n:-0}" = "$hist" ] ||
        err "$db: want $hist history rows"
    same_schema "$db" "$@"
}

db=$(newdb fail)
fails_at "$db" "upgrade head" aa0000000001 1 aa0000000001
# Running it again fails the same way and changes nothing.
fails_at "$db" "upgrade head" aa0000000001 1 aa0000000001

db=$(newdb fail_single)
fails_at "$db" "upgrade head --single-transaction" "" 0
[ "$(psql -X -Atq -d "$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ] ||
    err "$db: --single-transaction left tables (sqlc's own are created in the same transaction)"

# A downgrade that fails: fix the upgrade, apply everything, break the
# middle revision's downgrade with a statement replay cannot judge.
sed -i 's/SELECT id, id FROM nope;/SELECT id, id FROM accounts;/' versions/aa0000000002_add_orders_and_fail.sql
sed -i 's/^DROP TABLE orders;/DELETE FROM nope;\n&/' versions/aa0000000002_add_orders_and_fail.sql
db=$(newdb fail_down)
"$SQLC" --db "dbname=$db" upgrade head >/dev/null || err "$db: upgrade head of the repaired history"
fails_at "$db" "downgrade base" aa0000000002 4 aa0000000002

[ $fail = 0 ] && echo "a failing revision leaves the database at the previous revision"
[ $fail = 0 ]
