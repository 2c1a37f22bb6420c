#!/usr/bin/env bash
# online_kill: kill -9 of `sqlc upgrade` (and `sqlc downgrade`) at 20
# random moments of a long history, whose revisions sleep via pg_sleep.
# After each kill, in one snapshot:
#   - the version table names exactly the revisions whose tables exist
#     (revision k creates table t_k), and no row is dirty;
#   - every revision's log rows (each upgrade and downgrade section inserts
#     one into a log table) equal its history rows, so no revision's
#     statements committed without its version-table change or the other
#     way round;
# and the next run in the same direction completes.
set -u
: "${SQLC:?}" "${TESTS:?}" "${PGHOST:?the harness must export PGHOST}"
. "$TESTS/lib/online.sh"

N=16
mkdir -p proj/versions && cd proj || exit 1
printf '[sqlc]\nversions = versions\n' >sqlc.ini
id() { printf 'c0ffee%06d' "$1"; }
for k in $(seq 1 $N); do
    parent=""
    [ "$k" -gt 1 ] && parent=$(id $((k - 1)))
    sleep_s=$(printf '0.%02d' $((5 + (k * 7) % 6)))  # 0.05 .. 0.10 s
    cat >"versions/$(id "$k")_t$k.sql" <<SQL
-- sqlc:revision $(id "$k")
-- sqlc:parents $parent
-- sqlc:message table $k

-- sqlc:upgrade
CREATE TABLE t_$(printf %02d "$k") (id int PRIMARY KEY);
INSERT INTO kill_log VALUES ('$(id "$k")', 'upgrade');
SELECT pg_sleep($sleep_s);

-- sqlc:downgrade
DROP TABLE t_$(printf %02d "$k");
INSERT INTO kill_log VALUES ('$(id "$k")', 'downgrade');
SELECT pg_sleep($sleep_s);
SQL
done
"$SQLC" check >/dev/null 2>&1 || "$SQLC" hash >/dev/null
db=$(newdb kill)
export PGDATABASE=$db
# The log is not sqlc's business: it outlives every downgrade.
psql -X -q -c "CREATE TABLE kill_log (version_id text NOT NULL, operation text NOT NULL)" || exit 1

# consistent WHAT: the checks above, in one statement (one snapshot); prints
# the revision number the database is at.
consistent() {
    local out
    out=$(psql -X -Atq -F' ' -c "
        WITH rows AS (SELECT version_id, dirty FROM sqlc_version),
        tabs AS (SELECT relname FROM pg_class WHERE relkind = 'r' AND relname ~ '^t_[0-9]+\$'),
        hist AS (SELECT version_id, operation, count(*) AS n FROM sqlc_version_history GROUP BY 1, 2),
        logs AS (SELECT version_id, operation, count(*) AS n FROM kill_log GROUP BY 1, 2)
        SELECT coalesce((SELECT string_agg(version_id || CASE WHEN dirty THEN '*' ELSE '' END, ',') FROM rows), 'base'),
               (SELECT count(*) FROM (SELECT * FROM hist EXCEPT SELECT * FROM logs
                                      UNION ALL SELECT * FROM logs EXCEPT SELECT * FROM hist) d),
               coalesce((SELECT string_agg(relname, ',' ORDER BY relname) FROM tabs), '-')") ||
        { err "$1: cannot read the state"; return 1; }
    local row ndiff tabs
    read -r row ndiff tabs <<<"$out"
    case $row in *'*'*|*,*) err "$1: version rows '$row'"; return 1 ;; esac
    local at=0 want=-
    [ "$row" != base ] && at=$((10#${row#c0ffee}))
    [ "$at" -gt 0 ] && want=$(seq -f 't_%02g' -s, 1 "$at")
    [ "$tabs" = "$want" ] || err "$1: the version table says $row but the tables are $tabs"
    [ "$ndiff" = 0 ] || err "$1: the log and the version history disagree ($ndiff groups)"
    echo "$at"
}

# kill_run N "ARGS": start sqlc ARGS, kill -9 it after a random delay of
# up to 1.4 s (a full pass takes about 1.2 s), check.
interrupted=0
kill_run() {
    local n=$1 args=$2 ms=$((RANDOM % 1400))
    # shellcheck disable=SC2086
    "$SQLC" $args --lock-timeout 30 >/dev/null 2>&1 &
    local pid=$!
    sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
    kill -9 "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    [ $? = 137 ] && interrupted=$((interrupted + 1))
    consistent "kill $n ($args after $ms ms)" >/dev/null
}

# complete "ARGS" WANT: the next run finishes at WANT (a revision number).
complete() {
    # shellcheck disable=SC2086
    "$SQLC" $1 --lock-timeout 30 >out 2>errout || { err "sqlc $1 after a kill failed:"; cat errout; }
    local at; at=$(consistent "after sqlc $1")
    [ "$at" = "$2" ] || err "sqlc $1 ended at revision '$at', want $2"
}

for i in $(seq 1 10); do
    kill_run $((2 * i - 1)) "upgrade head"
    complete "upgrade head" $N
    kill_run $((2 * i)) "downgrade base"
    complete "downgrade base" 0
done
echo "$interrupted of 20 kills interrupted a run"
[ $fail = 0 ] && echo "every kill left a consistent database, and the next run completed"
[ $fail = 0 ]
