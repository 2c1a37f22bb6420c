#!/usr/bin/env bash
# online_concurrent: eight `sqlc upgrade head` started at once on one empty
# database.  sqlc's advisory lock makes them queue; each re-reads the
# version table once it holds the lock, so the first applies everything
# and the other seven find nothing to do.  Every revision inserts one row
# into a log table: each revision must be there exactly once, every
# process must exit 0.  Twice: a fresh database (the version table itself
# is created under the lock) and a database half-way up the history.
set -u
: "${SQLC:?}" "${TESTS:?}" "${PGHOST:?the harness must export PGHOST}"
. "$TESTS/lib/online.sh"

N=12
mkdir -p proj/versions && cd proj || exit 1
printf '[sqlc]\nversions = versions\n' >sqlc.ini
id() { printf 'c0c0c0%06d' "$1"; }
for k in $(seq 1 $N); do
    parent=""
    [ "$k" -gt 1 ] && parent=$(id $((k - 1)))
    extra="" body="CREATE TABLE c_$k (id int);"
    # One revision runs outside a transaction, with its dirty-mark protocol.
    if [ "$k" = 6 ]; then
        extra="-- sqlc:transaction off"
        body="CREATE INDEX CONCURRENTLY c_5_idx ON c_5 (id);"
    fi
    cat >"versions/$(id "$k")_c$k.sql" <<SQL
-- sqlc:revision $(id "$k")
-- sqlc:parents $parent
-- sqlc:message step $k
$extra

-- sqlc:upgrade
$body
INSERT INTO conc_log VALUES ('$(id "$k")');
SELECT pg_sleep(0.02);

-- sqlc:downgrade
SQL
done

run_eight() {
    local db=$1 what=$2 pids=() i
    for i in 1 2 3 4 5 6 7 8; do
        "$SQLC" --db "dbname=$db" upgrade head --lock-timeout 60 >"out.$i" 2>"err.$i" &
        pids+=($!)
    done
    for i in 1 2 3 4 5 6 7 8; do
        wait "${pids[$((i - 1))]}" || { err "$what: process $i exited $?:"; cat "err.$i"; }
    done
    local dup
    dup=$(psql -X -Atq -d "$db" -c "SELECT string_agg(version_id || ' x' || n, ', ') FROM
        (SELECT version_id, count(*) AS n FROM conc_log GROUP BY 1 HAVING count(*) <> 1) d")
    [ -z "$dup" ] || err "$what: revisions applied more than once: $dup"
    [ "$(psql -X -Atq -d "$db" -c 'SELECT count(DISTINCT version_id) FROM conc_log')" = $N ] ||
        err "$what: not every revision was applied"
    [ "$(psql -X -Atq -d "$db" -c "SELECT count(*) FROM sqlc_version_history WHERE operation = 'upgrade'")" = \
      "$(psql -X -Atq -d "$db" -c 'SELECT count(*) FROM conc_log')" ] ||
        err "$what: history rows and log rows differ"
    [ "$(heads_of "$db")" = "$(id $N)" ] || err "$what: the head rows are '$(heads_of "$db")'"
}

db=$(newdb conc_empty)
psql -X -q -d "$db" -c "CREATE TABLE conc_log (version_id text NOT NULL)" || exit 1
run_eight "$db" "from base"

db=$(newdb conc_half)
psql -X -q -d "$db" -c "CREATE TABLE conc_log (version_id text NOT NULL)" || exit 1
"$SQLC" --db "dbname=$db" upgrade "$(id 4)" || err "upgrade to revision 4 failed"
run_eight "$db" "from revision 4"

[ $fail = 0 ] && echo "eight concurrent upgrades applied each revision exactly once"
[ $fail = 0 ]
