#!/usr/bin/env bash
# corpora_fidelity: replay must equal what PostgreSQL 15 itself holds.
#
# For each real history in $SHARED/corpora:
#   1. apply its up files (ORDER.list order) to a fresh database of the
#      harness's PostgreSQL 15 with psql (autocommit: some files hold
#      CREATE INDEX CONCURRENTLY without a notx mark), and pg_dump
#      --schema-only --no-owner --no-privileges it;
#   2. replay the same files with sqlc (through the corpus's own history
#      format where one applies, else its ORDER list);
#   3. the catalog from replay, the catalog from that dump, the catalog
#      introspected from the live database (sqlc schema --from-db) and the
#      catalog from the corpus's committed oracle dump (pg_dump 15.18) must
#      print the same JSON;
#   4. `sqlc schema`'s SQL must load into an empty database with
#      ON_ERROR_STOP and dump back to the same catalog;
#   5. `sqlc diff` between the replayed schema and the live database, and
#      between it and the live dump, finds no difference (no false drift).
# Any difference fails the test and is shown.  Exits 77 without corpora.
set -u
: "${SQLC:?}" "${PGHOST:?the harness must export PGHOST}"
C=${SHARED:-../shared}/corpora
if [ ! -d "$C" ]; then
    echo "no $C (test data kept outside the project): corpus fidelity not checked"
    exit 77
fi
fail=0 checked=0

# apply DB LIST: runs each listed file with psql.
apply() {
    local db=$1 list=$2 dir
    dir=$(dirname "$list")
    while IFS=$'\t' read -r path _; do
        case "$path" in ''|'#'*) continue ;; esac
        case "$path" in /*) ;; *) path=$dir/$path ;; esac
        if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$path" >/dev/null 2>"$db.psql.err"; then
            echo "psql failed on $path:"; cat "$db.psql.err"; return 1
        fi
    done <"$list"
}

# compare NAME LIST ORACLE SQLC-ARGS...: replay JSON (sqlc SQLC-ARGS
# --format json) vs live dump JSON vs oracle JSON.
compare() {
    local name=$1 list=$2 oracle=$3; shift 3
    checked=$((checked + 1))
    local db="fid_${name//[^a-z0-9]/_}"
    createdb "$db" || { fail=1; return; }
    if [ -n "${PRESQL:-}" ]; then psql -X -q -d "$db" -c "$PRESQL" >/dev/null || { fail=1; return; }; fi
    if ! apply "$db" "$list"; then fail=1; dropdb "$db"; return; fi
    pg_dump --schema-only --no-owner --no-privileges -d "$db" >"$name.dump.sql"
    # The third source: the live database itself, introspected.
    "$SQLC" schema --from-db "dbname=$db" --format json >"$name.live.json" 2>"$name.live.err" ||
        { echo "$name: introspection failed:"; head -20 "$name.live.err"; fail=1; }
    # No false drift against the live database either.
    "$SQLC" "$@" --format sql >"$name.replay.sql" 2>/dev/null
    if ! "$SQLC" diff --from "dump:$name.replay.sql" --to "db:dbname=$db" >"$name.livedrift" 2>&1; then
        echo "$name: sqlc diff reports drift between the history and its live database:"; head -30 "$name.livedrift"; fail=1
    fi
    dropdb "$db"
    "$SQLC" "$@" --format json >"$name.replay.json" 2>"$name.replay.err" ||
        { echo "$name: replay failed:"; head -20 "$name.replay.err"; fail=1; return; }
    "$SQLC" schema --from-dump "$name.dump.sql" --format json >"$name.dump.json" 2>"$name.dump.err" ||
        { echo "$name: loading its pg_dump failed:"; head -20 "$name.dump.err"; fail=1; return; }
    if ! diff -u "$name.dump.json" "$name.replay.json" >"$name.diff"; then
        echo "$name: replay differs from PostgreSQL's own catalog ($(grep -c '^[-+] ' "$name.diff") lines):"
        head -60 "$name.diff"; fail=1
    fi
    if ! diff -u "$name.replay.json" "$name.live.json" >"$name.livediff"; then
        echo "$name: the introspected database differs from replay ($(grep -c '^[-+] ' "$name.livediff") lines):"
        head -60 "$name.livediff"; fail=1
    fi
    # The SQL sqlc prints must load into an empty PostgreSQL 15 and give
    # back the same catalog.
    local db2="${db}_rt"
    createdb "$db2"
    if psql -X -q -v ON_ERROR_STOP=1 -d "$db2" -f "$name.replay.sql" >/dev/null 2>"$name.load.err"; then
        pg_dump --schema-only --no-owner --no-privileges -d "$db2" >"$name.rt.sql"
        "$SQLC" schema --from-dump "$name.rt.sql" --format json >"$name.rt.json" 2>/dev/null
        if ! diff -u "$name.replay.json" "$name.rt.json" >"$name.rtdiff"; then
            echo "$name: sqlc's SQL, loaded into PostgreSQL, gives a different schema:"; head -40 "$name.rtdiff"; fail=1
        fi
    else
        echo "$name: sqlc's SQL does not load into PostgreSQL 15:"; head -5 "$name.load.err"; fail=1
    fi
    dropdb "$db2"
    # No false drift: the diff finds nothing between the history and the
    # live database's dump.
    if ! "$SQLC" diff --from "dump:$name.replay.sql" --to "dump:$name.dump.sql" >"$name.drift" 2>&1; then
        echo "$name: sqlc diff reports drift between the history and its own database:"; head -30 "$name.drift"; fail=1
    fi
    if [ -n "$oracle" ]; then
        "$SQLC" schema --from-dump "$oracle" --format json >"$name.oracle.json" 2>"$name.oracle.err" ||
            { echo "$name: loading the oracle dump failed:"; head -20 "$name.oracle.err"; fail=1; return; }
        if ! diff -u "$name.oracle.json" "$name.dump.json" >"$name.odiff"; then
            echo "$name: the live dump differs from the committed oracle:"; head -40 "$name.odiff"; fail=1
        fi
    fi
    grep -c 'warning: unsupported' "$name.replay.err" | sed "s/^/$name: unsupported statements: /"
}

if [ -d "$C/lemmy" ]; then
    printf '[sqlc]\nversions = %s\nhistory_format = diesel\n' "$C/lemmy/migrations" >lemmy.ini
    compare lemmy "$C/lemmy/ORDER.list" "$(ls "$C"/lemmy/_generated_oracle/*.sql)" -c lemmy.ini schema
fi
if [ -d "$C/ssoready" ]; then
    # golang-migrate's own table exists before the first migration; the
    # upstream dump (pg_dump 17) includes it.
    sm="CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
    sed "s#^#$C/ssoready/#" "$C/ssoready/ORDER.list" >ssoready_apply.list
    printf '[sqlc]\nversions = %s\nhistory_format = golang-migrate\n' "$C/ssoready/cmd/migrate/migrations" >ssoready.ini
    PRESQL="$sm" compare ssoready ssoready_apply.list "$C/ssoready/sqlc/schema.sql" -c ssoready.ini schema
fi
if [ -d "$C/harbor" ]; then
    # ORDER.list's first line asks for golang-migrate's own table first;
    # sqlc's golang-migrate reader starts from that table too.
    sm="CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
    tail -n +2 "$C/harbor/ORDER.list" | sed "s#^#$C/harbor/#" >harbor_apply.list
    printf '[sqlc]\nversions = %s\nhistory_format = golang-migrate\n' "$C/harbor/make/migrations/postgresql" >harbor.ini
    PRESQL="$sm" compare harbor harbor_apply.list "$(ls "$C"/harbor/_generated_oracle/*.sql)" -c harbor.ini schema
fi
if [ -d "$C/temporal" ]; then
    compare temporal "$C/temporal/ORDER.temporal.list" "" schema --from-list "$C/temporal/ORDER.temporal.list"
    compare temporal_visibility "$C/temporal/ORDER.visibility.list" "" schema --from-list "$C/temporal/ORDER.visibility.list"
fi
echo "$checked histories compared"
[ $fail = 0 ] && [ $checked -gt 0 ]
