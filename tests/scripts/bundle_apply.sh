#!/usr/bin/env bash
# bundle_apply: bundles do on a real PostgreSQL 15 what replay says.
#
# On the fixture projects (example: linear; branched: branches, a merge and
# a CREATE INDEX CONCURRENTLY revision), against the harness's server:
#   1. `psql -f` of an upgrade bundle base:TO on an empty database gives the
#      schema `sqlc schema TO` replays (JSON of both, sqlc's own version
#      tables left out of the dump), and the head rows name TO;
#   2. a second bundle FROM:TO applies on top of a first bundle base:FROM;
#   3. a bundle applied to a database at the wrong revision (or twice)
#      stops in its guard: pg_dump before and after are identical;
#   4. a downgrade bundle brings the database back to the schema it had;
#   5. the same for --single-transaction and --no-psql (plain SQL run with
#      psql's ON_ERROR_STOP from the command line).
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${PGHOST:?the harness must export PGHOST}"
fail=0

err() { echo "FAIL: $*"; fail=1; }

# dump DB FILE: the schema without sqlc's version tables.
dump() { pg_dump --schema-only --no-owner --no-privileges -T 'public.sqlc_version*' -d "$1" >"$2"; }

# same_schema DB REV: the database's schema is what replay gives at REV.
same_schema() {
    local db=$1 rev=$2
    dump "$db" "$db.dump.sql"
    "$SQLC" schema --from-dump "$db.dump.sql" --format json >"$db.dump.json" || { err "$db: cannot read its dump"; return; }
    if [ "$rev" = base ]; then
        "$SQLC" schema --from-files /dev/null --format json >"$db.replay.json"
    else
        "$SQLC" schema "$rev" --format json >"$db.replay.json" 2>/dev/null
    fi
    diff -u "$db.replay.json" "$db.dump.json" >"$db.diff" || { err "$db at $rev differs from replay:"; head -30 "$db.diff"; }
}

# snapshot DB FILE: schema and data, without pg_dump's random \restrict key.
snapshot() { pg_dump -d "$1" | grep -Ev '^\\(un)?restrict ' >"$2"; }

heads_of() { psql -X -Atq -d "$1" -c "SELECT string_agg(version_id, ',' ORDER BY version_id) FROM sqlc_version WHERE NOT dirty"; }

apply() { psql -X -q -d "$1" -f "$2" >"$1.psql.out" 2>&1; }

newdb() { local n="b_$1_$$"; dropdb --if-exists "$n" 2>/dev/null; createdb "$n" && echo "$n"; }

check_project() {
    local name=$1 mid=$2 head=$3
    cp -r "$FIXTURES/$name" "./$name" && cd "./$name" || exit 1

    # 1. base:head on an empty database.
    "$SQLC" upgrade base:heads --sql -o up.sql >/dev/null || err "$name: upgrade bundle"
    local db; db=$(newdb "${name}_full")
    apply "$db" up.sql || { err "$name: psql failed on the upgrade bundle:"; cat "$db.psql.out"; }
    same_schema "$db" heads
    [ "$(heads_of "$db")" = "$head" ] || err "$name: head rows are '$(heads_of "$db")', want $head"
    [ "$(psql -X -Atq -d "$db" -c 'SELECT count(*) FROM sqlc_version_history')" = "$("$SQLC" history | wc -l)" ] ||
        err "$name: one history row per revision expected"

    # 3. The same bundle again: the guard stops it, nothing changes.
    snapshot "$db" before.sql
    if apply "$db" up.sql; then err "$name: a base bundle applied twice did not fail"; fi
    grep -q 'sqlc: wrong database' "$db.psql.out" || { err "$name: no guard message:"; cat "$db.psql.out"; }
    snapshot "$db" after.sql
    cmp -s before.sql after.sql || err "$name: the failed bundle changed the database"

    # 4. Downgrade all the way: back to an empty schema, no head rows.
    "$SQLC" downgrade heads:base --sql -o down.sql >/dev/null || err "$name: downgrade bundle"
    apply "$db" down.sql || { err "$name: psql failed on the downgrade bundle:"; cat "$db.psql.out"; }
    same_schema "$db" base
    [ -z "$(heads_of "$db")" ] || err "$name: rows left after a downgrade to base"
    # ... and up again, from the empty version table.
    apply "$db" up.sql || { err "$name: re-upgrade after a full downgrade failed:"; cat "$db.psql.out"; }
    same_schema "$db" heads
    dropdb "$db"

    # 2. Two bundles: base:mid, then mid:heads on top.
    db=$(newdb "${name}_two")
    "$SQLC" upgrade "base:$mid" --sql -o a.sql >/dev/null && "$SQLC" bundle "$mid:heads" -o b.sql >/dev/null ||
        err "$name: split bundles"
    apply "$db" a.sql || { err "$name: first half failed:"; cat "$db.psql.out"; }
    same_schema "$db" "$mid"
    # The second half applied to a database at base stops in the guard.
    local empty; empty=$(newdb "${name}_empty")
    snapshot "$empty" e1.sql
    if apply "$empty" b.sql; then err "$name: a bundle from $mid applied to an empty database"; fi
    snapshot "$empty" e2.sql
    cmp -s e1.sql e2.sql || err "$name: the refused bundle changed the empty database"
    dropdb "$empty"
    apply "$db" b.sql || { err "$name: second half failed:"; cat "$db.psql.out"; }
    same_schema "$db" heads
    # A downgrade back to mid gives mid's schema.
    "$SQLC" downgrade "heads:$mid" --sql -o c.sql >/dev/null || err "$name: partial downgrade bundle"
    apply "$db" c.sql || { err "$name: partial downgrade failed:"; cat "$db.psql.out"; }
    same_schema "$db" "$mid"
    dropdb "$db"

    # 5. Plain SQL and one transaction (example only: branched has a
    # CONCURRENTLY revision, which refuses --single-transaction).
    if [ "$name" = example ]; then
        db=$(newdb "${name}_single")
        "$SQLC" upgrade base:head --sql --single-transaction --no-psql -o single.sql >/dev/null ||
            err "$name: --single-transaction --no-psql bundle"
        grep -q 'ON_ERROR_STOP' single.sql && err "$name: --no-psql still has a psql command"
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f single.sql >"$db.psql.out" 2>&1 ||
            { err "$name: the single-transaction bundle failed:"; cat "$db.psql.out"; }
        same_schema "$db" head
        dropdb "$db"
    fi
    cd ..
}

check_project example 1a2b3c4d5e6f 3b1c2d4e5f6a
check_project branched 0e0000000005 0f0000000006
[ $fail = 0 ] && echo "bundles apply and match replay"
[ $fail = 0 ]
