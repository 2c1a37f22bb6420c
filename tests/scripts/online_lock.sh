#!/usr/bin/env bash
# online_lock: sqlc's advisory lock.
#   1. While `sqlc upgrade` runs, pg_locks shows the documented key: class
#      1936813155 ('sqlc') and the key `sqlc current -v` prints.
#   2. With the lock held from psql, `sqlc upgrade --lock-timeout 1` fails
#      with the exact message, exit 1, and changes nothing; stamp too.
#   3. A project with another version table in the same database is not
#      blocked by it.
#   4. Once the holder is gone, the upgrade goes through.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${TESTS:?}" "${PGHOST:?the harness must export PGHOST}"
. "$TESTS/lib/online.sh"

cp -r "$FIXTURES/example" example && cd example || exit 1
db=$(newdb lock)
export PGDATABASE=$db
lock=$("$SQLC" current -v | sed -n 's/^Lock: advisory lock (\(.*\))$/\1/p')
[ -n "$lock" ] || { err "sqlc current -v names no lock"; exit 1; }
cls=${lock%%,*} key=${lock##* }
[ "$cls" = 1936813155 ] || err "lock class $cls, want 1936813155 ('sqlc')"

granted() {
    psql -X -Atq -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND classid = $cls AND objid::text::bigint = ($key::bigint & 4294967295) AND objsubid = 2"
}

# 1. A slow revision keeps the lock visible.
cat >versions/4d4d4d4d4d4d_slow.sql <<'SQL'
-- sqlc:revision 4d4d4d4d4d4d
-- sqlc:parents 3b1c2d4e5f6a
-- sqlc:message slow

-- sqlc:upgrade
SELECT pg_sleep(2);
-- sqlc:downgrade
SELECT 1;
SQL
"$SQLC" upgrade head >/dev/null 2>&1 &
run=$!
seen=0
for _ in $(seq 1 100); do
    [ "$(granted)" = 1 ] && { seen=1; break; }
    sleep 0.02
done
[ $seen = 1 ] || err "no advisory lock ($cls, $key) in pg_locks while sqlc upgrade ran"
wait $run || err "the slow upgrade failed"
[ "$(granted)" = 0 ] || err "the lock outlived the run"
"$SQLC" downgrade base >/dev/null || err "downgrade base"

# 2. Held from psql: refused after one second, nothing changed.  The holder
# is ended on every exit path, so it never outlives the test.
trap 'psql -X -Atq -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"'sqlc-test-holder'"'" >/dev/null 2>&1' EXIT
PGAPPNAME=sqlc-test-holder psql -X -q -c "SELECT pg_advisory_lock($cls, $key); SELECT pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
    [ "$(granted)" = 1 ] && break
    sleep 0.02
done
[ "$(granted)" = 1 ] || err "psql did not take the lock"
before=$(heads_of "$db")
"$SQLC" upgrade head --lock-timeout 1 >out 2>errout
rc=$?
[ $rc = 1 ] || err "upgrade under a held lock exited $rc, want 1"
want="sqlc upgrade: error: another sqlc run holds the migration lock of public.sqlc_version (advisory lock $cls, $key) and did not finish within 1 s; nothing was changed"
[ "$(cat errout)" = "$want" ] || { err "the lock timeout said:"; cat errout; echo "want: $want"; }
"$SQLC" stamp head --lock-timeout 1 2>errout
[ $? = 1 ] && grep -q 'did not finish within 1 s' errout || err "stamp under a held lock did not time out"
[ "$(heads_of "$db")" = "$before" ] || err "the refused runs changed the version table"

# 3. Another version table is another lock.
printf '[sqlc]\nversions = versions\nversion_table = other_version\n' >other.ini
"$SQLC" -c other.ini upgrade 1a2b --lock-timeout 1 >/dev/null 2>errout ||
    { err "a project with its own version table was blocked:"; cat errout; }
[ "$(psql -X -Atq -c 'SELECT version_id FROM other_version')" = 1a2b3c4d5e6f ] ||
    err "the other project's table does not hold 1a2b3c4d5e6f"

# 4. The holder goes; the upgrade goes through.
psql -X -Atq -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sqlc-test-holder'" >/dev/null
wait "$holder" 2>/dev/null
psql -X -q -c "DROP TABLE users; DROP TABLE other_version; DROP TABLE other_version_history" || err "cleanup"
"$SQLC" upgrade head --lock-timeout 10 || err "upgrade after the holder left failed"
[ "$(heads_of "$db")" = 4d4d4d4d4d4d ] || err "upgrade after the holder left ended at '$(heads_of "$db")'"

[ $fail = 0 ] && echo "the advisory lock is the documented one, times out as documented, and is per version table"
[ $fail = 0 ]
