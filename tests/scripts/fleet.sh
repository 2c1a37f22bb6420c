#!/usr/bin/env bash
# fleet: `sqlc diff --to db:A --to db:B ...` / `--targets FILE` checks the
# head against 20 databases at once and reports exactly the 3 that were
# altered, one line each, in the order given; the count each reports is
# the count `sqlc diff` of that database alone finds.  Unreachable
# databases are error lines (passwords redacted), the exit status is 1
# when any drifted, and --jobs 1 and --jobs 20 agree.
set -u
fail=0
command -v createdb >/dev/null || { echo "no PostgreSQL client tools"; exit 77; }
cp -r "$FIXTURES/example" . && cd example
# One database at the head, copied 19 times (CREATE DATABASE ... TEMPLATE).
dropdb --if-exists fleet_00 2>/dev/null
createdb fleet_00 && "$SQLC" --db dbname=fleet_00 upgrade head || { echo "FAIL: setup"; exit 1; }
targets=targets.txt
echo "# one DSN a line" >$targets
echo "dbname=fleet_00" >>$targets
for i in $(seq -w 1 19); do
    dropdb --if-exists "fleet_$i" 2>/dev/null
    createdb -T fleet_00 "fleet_$i" || { echo "FAIL: createdb fleet_$i"; exit 1; }
    [ "$i" = 10 ] && echo >>$targets
    echo "dbname=fleet_$i" >>$targets
done
psql -X -q -d fleet_04 -c "ALTER TABLE users ADD COLUMN nickname text" &&
psql -X -q -d fleet_11 -c "DROP INDEX users_email_key" &&
psql -X -q -d fleet_17 -c "CREATE TABLE audit (id int PRIMARY KEY); ALTER TABLE users ALTER COLUMN email TYPE varchar(200)" ||
    { echo "FAIL: altering the three databases"; exit 1; }

# The counts a single check finds, database by database.
count() { "$SQLC" diff --to "db:dbname=$1" --format json | grep -c '"op": '; }
expected=expected.txt
: >$expected
for i in 00 $(seq -w 1 19); do
    case $i in
    04 | 11 | 17) n=$(count "fleet_$i"); [ "$n" -gt 0 ] || { echo "FAIL: fleet_$i alone shows no drift"; fail=1; }
        s=s; [ "$n" = 1 ] && s=
        echo "dbname=fleet_$i: drift: $n change$s" >>$expected ;;
    *) echo "dbname=fleet_$i: ok" >>$expected ;;
    esac
done

"$SQLC" diff --targets $targets --jobs 8 >out.txt 2>err.txt
rc=$?
[ $rc = 1 ] || { echo "FAIL: exit $rc, want 1 (drift)"; cat err.txt; fail=1; }
diff -u $expected out.txt || { echo "FAIL: the fleet report differs"; fail=1; }
grep -q "^sqlc diff: 20 databases: 17 ok, 3 with drift, 0 not checked$" err.txt || { echo "FAIL: summary:"; cat err.txt; fail=1; }

# --to db: ... repeated, and one connection at a time: the same report.
args=()
for i in 00 $(seq -w 1 19); do args+=(--to "db:dbname=fleet_$i"); done
"$SQLC" diff "${args[@]}" --jobs 1 >out1.txt 2>/dev/null
cmp -s out.txt out1.txt || { echo "FAIL: --jobs 1 differs:"; diff out.txt out1.txt; fail=1; }

# No drift anywhere: exit 0.  An unreachable database: an error line,
# its password redacted, exit 2 (nothing drifted).
"$SQLC" diff --to db:dbname=fleet_00 --to db:dbname=fleet_01 >ok.txt 2>/dev/null
rc=$?
[ $rc = 0 ] && [ "$(cat ok.txt)" = "dbname=fleet_00: ok
dbname=fleet_01: ok" ] || { echo "FAIL: two clean databases (exit $rc):"; cat ok.txt; fail=1; }
"$SQLC" diff --to db:dbname=fleet_00 --to "db:dbname=fleet_nope password=sekret" >bad.txt 2>&1
rc=$?
[ $rc = 2 ] || { echo "FAIL: an unreachable database should exit 2, got $rc"; fail=1; }
grep -q '^dbname=fleet_nope password=xxxxx: error: could not connect to dbname=fleet_nope password=xxxxx: ' bad.txt ||
    { echo "FAIL: no error line for the unreachable database:"; cat bad.txt; fail=1; }
grep -q sekret bad.txt && { echo "FAIL: a password was printed"; fail=1; }
# Mixed sources are refused; so is another format.
"$SQLC" diff --to db:dbname=fleet_00 --to schema:x.sql >/dev/null 2>&1; rc=$?
[ $rc = 2 ] || { echo "FAIL: --to schema: among several targets should be a usage error, got $rc"; fail=1; }
for i in 00 $(seq -w 1 19); do dropdb "fleet_$i"; done
exit $fail
