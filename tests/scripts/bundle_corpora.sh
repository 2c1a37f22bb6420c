#!/usr/bin/env bash
# bundle_corpora: whole real histories as one bundle each.
#
# lemmy (205 diesel migrations, read through history_format = diesel) and
# harbor (39 golang-migrate migrations, whose own schema_migrations table
# the bundle creates first): `sqlc upgrade base:heads --sql` must apply to
# an empty PostgreSQL 15 with psql and ON_ERROR_STOP, and the database must
# then hold exactly the schema replay gives (sqlc's own version tables left
# out), with one head row naming the last migration.  Exits 77 without
# $SHARED/corpora.
set -u
: "${SQLC:?}" "${PGHOST:?the harness must export PGHOST}"
C=${SHARED:-../shared}/corpora
if [ ! -d "$C" ]; then
    echo "no $C (test data kept outside the project): corpus bundles not checked"
    exit 77
fi
fail=0 checked=0

# bundle NAME FORMAT VERSIONS
bundle() {
    local name=$1 fmt=$2 versions=$3
    [ -d "$versions" ] || return 0
    checked=$((checked + 1))
    printf '[sqlc]\nversions = %s\nhistory_format = %s\n' "$versions" "$fmt" >"$name.ini"
    if ! "$SQLC" -c "$name.ini" upgrade base:heads --sql -o "$name.bundle.sql" >/dev/null 2>"$name.err"; then
        echo "$name: no bundle:"; head -20 "$name.err"; fail=1; return
    fi
    local db="bc_${name}_$$"
    dropdb --if-exists "$db" 2>/dev/null
    createdb "$db" || { fail=1; return; }
    if ! psql -X -q -d "$db" -f "$name.bundle.sql" >"$name.psql.out" 2>&1; then
        echo "$name: the bundle does not apply:"; grep -v NOTICE "$name.psql.out" | head -20; fail=1
        dropdb "$db"; return
    fi
    pg_dump --schema-only --no-owner --no-privileges -T 'public.sqlc_version*' -d "$db" >"$name.dump.sql"
    local rows last
    rows=$(psql -X -Atq -d "$db" -c "SELECT string_agg(version_id, ',') FROM sqlc_version")
    last=$("$SQLC" -c "$name.ini" heads | sed -E 's/^.* -> ([^ ,]+).*/\1/')
    dropdb "$db"
    [ "$rows" = "$last" ] || { echo "$name: head rows '$rows', want '$last'"; fail=1; }
    "$SQLC" schema --from-dump "$name.dump.sql" --format json >"$name.dump.json" 2>/dev/null
    "$SQLC" -c "$name.ini" schema --format json >"$name.replay.json" 2>/dev/null
    if ! diff -u "$name.replay.json" "$name.dump.json" >"$name.diff"; then
        echo "$name: the bundled database differs from replay:"; head -40 "$name.diff"; fail=1
    else
        echo "$name: $(grep -c '^-- Running upgrade' "$name.bundle.sql") revisions applied, schema matches replay"
    fi
}

bundle lemmy diesel "$C/lemmy/migrations"
bundle harbor golang-migrate "$C/harbor/make/migrations/postgresql"
echo "$checked corpus bundles checked"
[ $fail = 0 ] && [ $checked -gt 0 ]
