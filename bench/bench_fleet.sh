#!/usr/bin/env bash
# bench_fleet.sh SQLC [N]: the drift check of N databases (default 50) at
# once against the check of one, from the same run.
#
# A throwaway PostgreSQL 15 (tests/lib/pg.sh) holds N copies of one
# database built by fixtures/example's history plus a revision of 200
# generated tables (so each introspection, replay and diff has work to
# do); none has drifted, as in a healthy fleet.  Measured: wall time of
# `sqlc diff --to db:ONE` and of `sqlc diff --targets FILE` over the N
# (default --jobs), best of R runs each; printed with their ratio and the
# time per database.  Nothing is asserted.
set -eu
SQLC=$1 N=${2:-50} R=${R:-3}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/pg.sh"
work=$(mktemp -d)
trap 'pg_stop; rm -rf "$work"' EXIT
pg_start || { echo "bench: no PostgreSQL 15 (make deps); fleet benchmark skipped"; exit 0; }
cp -r "$here/../fixtures/example" "$work/" && cd "$work/example"
rev=$("$SQLC" revision -m "200 tables")
{
    sed '/^-- sqlc:upgrade/,$d' "$rev"
    echo "-- sqlc:upgrade"
    for i in $(seq 200); do
        echo "CREATE TABLE t$i (id bigint PRIMARY KEY, name text NOT NULL, n int DEFAULT 0 CHECK (n >= 0), at timestamptz DEFAULT now());"
        echo "CREATE INDEX ON t$i (name);"
    done
} >"$rev.new" && mv "$rev.new" "$rev"
createdb fleet_0
"$SQLC" --db dbname=fleet_0 upgrade head
for i in $(seq 1 $((N - 1))); do createdb -T fleet_0 "fleet_$i"; done
for i in $(seq 0 $((N - 1))); do echo "dbname=fleet_$i"; done >targets.txt
best() { # best CMD...: the best wall time of R runs, in seconds
    local b= t
    for _ in $(seq "$R"); do
        local s; s=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        t=$(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
        if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
    done
    echo "$b"
}
one=$(best "$SQLC" diff --to db:dbname=fleet_0)
all=$(best "$SQLC" diff --targets targets.txt)
ok=$("$SQLC" diff --targets targets.txt 2>/dev/null | grep -c ': ok$' || true)
echo "fleet: $N databases of $(psql -X -At -d fleet_0 -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") tables; $ok report ok (all should)"
awk -v one="$one" -v all="$all" -v n="$N" 'BEGIN {
    printf "fleet: one database %.3f s; %d databases %.3f s (%.3f s each); ratio %.1fx (goal: well under %dx)\n",
        one, n, all, all / n, all / one, n }'
