#!/usr/bin/env bash
# introspect_fixtures: a database built from a fixture history introspects
# to the catalog replay gives for that history.
#
# For each fixture (example, branched, quirks, hostile identifiers, and
# kitchen: every object kind the catalog models, extensions included):
#   1. `sqlc upgrade base:heads --sql | psql` on an empty database;
#   2. three sources must print the same JSON: `sqlc schema` (replay),
#      `sqlc schema --from-db` (the live database, sqlc's version tables
#      left out) and `sqlc schema --from-dump` of its pg_dump;
#   3. introspecting twice gives byte-identical SQL (a deterministic
#      order), and that SQL loads into an empty database and introspects
#      back to the same JSON (not for kitchen: the catalog writes extension
#      functions unqualified, pgcrypto's gen_random_bytes() in a default,
#      and the printed SQL empties search_path, so it cannot load).
# On kitchen, no member of its four extensions may appear as an object.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${PGHOST:?the harness must export PGHOST}"
fail=0
err() { echo "FAIL: $*"; fail=1; }
newdb() { local n="i_$1_$$"; dropdb --if-exists "$n" 2>/dev/null; createdb "$n" && echo "$n"; }

check_fixture() {
    local name=$1
    cp -r "$FIXTURES/$name" "./$name" && cd "./$name" || exit 1
    local db; db=$(newdb "$name") || { err "$name: createdb"; cd ..; return; }
    "$SQLC" upgrade base:heads --sql -o up.sql >/dev/null 2>up.err || { err "$name: upgrade bundle:"; cat up.err; }
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f up.sql >psql.out 2>&1 || { err "$name: psql failed:"; cat psql.out; }

    "$SQLC" schema --format json >replay.json 2>replay.err || { err "$name: replay:"; cat replay.err; }
    "$SQLC" schema --from-db "dbname=$db" --format json >live.json 2>live.err || { err "$name: introspection:"; cat live.err; }
    [ -s live.err ] && { err "$name: introspection warned:"; cat live.err; }
    pg_dump --schema-only --no-owner --no-privileges -T 'public.sqlc_version*' -d "$db" >dump.sql
    "$SQLC" schema --from-dump dump.sql --format json >dump.json 2>dump.err || { err "$name: dump:"; cat dump.err; }
    diff -u replay.json live.json >live.diff || { err "$name: live differs from replay:"; head -40 live.diff; }
    diff -u dump.json live.json >dump.diff || { err "$name: live differs from pg_dump:"; head -40 dump.diff; }
    # The live JSON must describe something: the fixture's own objects.
    grep -q '"relations": \[$' live.json && [ "$(grep -c '"kind": "table"' live.json)" -gt 0 ] ||
        err "$name: no table introspected"

    "$SQLC" schema --from-db "dbname=$db" >live1.sql 2>/dev/null
    "$SQLC" schema --from-db "dbname=$db" >live2.sql 2>/dev/null
    cmp -s live1.sql live2.sql || err "$name: two introspections print different SQL"
    [ "$name" = kitchen ] && { dropdb "$db"; cd ..; return; }
    local db2; db2=$(newdb "${name}_rt")
    if psql -X -q -v ON_ERROR_STOP=1 -d "$db2" -f live1.sql >rt.out 2>&1; then
        "$SQLC" schema --from-db "dbname=$db2" --format json >rt.json 2>/dev/null
        diff -u live.json rt.json >rt.diff || { err "$name: printed SQL reloaded differs:"; head -30 rt.diff; }
    else
        err "$name: the printed SQL does not load:"; head -5 rt.out
    fi
    dropdb "$db2"; dropdb "$db"
    cd ..
}

for f in example branched quirks hostile kitchen; do
    check_fixture "$f"
done

# Extension members (pg_trgm's similarity(), ltree's type, citext's
# operators, pgcrypto's digest()) are the extensions', not the schema's.
for member in similarity nlevel lquery citext_eq digest gen_random_bytes; do
    if grep -q "\"name\": \"$member\"" kitchen/live.json; then
        err "kitchen: extension member $member introspected as an object"
    fi
done
[ "$(grep -c '"name": "pg_trgm"\|"name": "ltree"\|"name": "citext"\|"name": "pgcrypto"' kitchen/live.json)" = 4 ] ||
    err "kitchen: the four extensions themselves must be there"
exit $fail
