#!/usr/bin/env bash
# introspect_options: what `sqlc schema --from-db` promises beyond fidelity.
#
#   1. --schema / --exclude-schema (repeatable): on a database holding
#      schemas a and b and a public table, each selection introspects to
#      exactly the catalog replay gives for the files that made just that
#      selection;
#   2. read-only: a role that may only connect, whose transactions default
#      to read only, introspects the same catalog as the superuser (nothing
#      is written, no table privilege is needed);
#   3. the client encoding does not matter: PGCLIENTENCODING=LATIN1 gives
#      the same UTF-8 JSON, unicode names included;
#   4. sqlc's own version tables are left out wherever sqlc.ini puts them;
#   5. a failing connection is one line naming the redacted DSN, exit 2;
#   6. --with-privileges: grants come back as a history writes them (owners
#      aside: every live object has one);
#   7. tablespaces of tables, indexes and constraint indexes;
#   8. sqlc diff's db: source reads the database the same way.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${PGHOST:?the harness must export PGHOST}"
fail=0
err() { echo "FAIL: $*"; fail=1; }
db="io_$$"
dropdb --if-exists "$db" 2>/dev/null
createdb "$db" || exit 1

cat >a.sql <<'EOF'
CREATE SCHEMA a;
CREATE TYPE a.color AS ENUM ('red', 'green');
CREATE TABLE a.items (id integer PRIMARY KEY, color a.color NOT NULL DEFAULT 'red', name text);
CREATE INDEX items_name ON a.items (lower(name));
CREATE FUNCTION a.item_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM a.items';
CREATE VIEW a.reds AS SELECT id, name FROM a.items WHERE color = 'red';
EOF
cat >b.sql <<'EOF'
CREATE SCHEMA b;
CREATE TABLE b.logs (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), line text);
COMMENT ON TABLE b.logs IS 'log lines';
EOF
cat >p.sql <<'EOF'
CREATE TABLE public.settings (key text PRIMARY KEY, value text);
EOF
for f in a.sql b.sql p.sql; do
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >/dev/null || err "psql $f"
done

# same NAME FILES -- ARGS: --from-db ARGS equals replay of FILES.
same() {
    local name=$1; shift
    local files=()
    while [ "$1" != -- ]; do files+=("$1"); shift; done
    shift
    "$SQLC" schema --from-files "${files[@]}" --format json >"$name.want.json" 2>/dev/null || err "$name: replay"
    "$SQLC" schema --from-db "dbname=$db" "$@" --format json >"$name.got.json" 2>"$name.err" ||
        { err "$name: introspection failed:"; cat "$name.err"; }
    diff -u "$name.want.json" "$name.got.json" >"$name.diff" || { err "$name: $*:"; head -30 "$name.diff"; }
}

# 1. Filters.
same all a.sql b.sql p.sql --
same only_a a.sql -- --schema a
same a_and_b a.sql b.sql -- --schema a --schema b
same not_a b.sql p.sql -- --exclude-schema a
same only_public p.sql -- --exclude-schema a --exclude-schema b
same public p.sql -- --schema public
same a_minus_a /dev/null -- --schema a --exclude-schema a

# 2. A role that can only connect, read-only by default.
role="io_reader_$$"
psql -X -q -d "$db" -c "CREATE ROLE $role LOGIN; ALTER ROLE $role SET default_transaction_read_only = on;
    REVOKE ALL ON SCHEMA a, b FROM PUBLIC; GRANT CONNECT ON DATABASE $db TO $role" >/dev/null || err "create role"
"$SQLC" schema --from-db "dbname=$db user=$role" --format json >reader.json 2>reader.err ||
    { err "the read-only role cannot introspect:"; cat reader.err; }
diff -u all.got.json reader.json >reader.diff || { err "read-only role sees another catalog:"; head -20 reader.diff; }

# 3. Client encoding: unicode names come back as UTF-8 whatever the client asks.
psql -X -q -d "$db" -c 'CREATE TABLE public."Ünïcødé ✓" ("列" text)' >/dev/null
"$SQLC" schema --from-db "dbname=$db" --format json >utf8.json 2>/dev/null
PGCLIENTENCODING=LATIN1 "$SQLC" schema --from-db "dbname=$db" --format json >latin1.json 2>latin1.err ||
    { err "PGCLIENTENCODING=LATIN1:"; cat latin1.err; }
cmp -s utf8.json latin1.json || err "PGCLIENTENCODING=LATIN1 changes the JSON"
grep -q '"name": "Ünïcødé ✓"' utf8.json || err "the unicode table name did not come back"

# 4. Version tables where sqlc.ini says, left out.
cp -r "$FIXTURES/example" example && cd example || exit 1
printf '[sqlc]\nversions = versions\nversion_table = applied\nversion_table_schema = meta\n' >sqlc.ini
vdb="io_v_$$"
createdb "$vdb"
"$SQLC" upgrade head --sql | psql -X -q -v ON_ERROR_STOP=1 -d "$vdb" >/dev/null 2>&1 || err "example upgrade"
[ "$(psql -X -Atq -d "$vdb" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'meta'")" = 2 ] ||
    err "the bundle did not create meta.applied and meta.applied_history"
"$SQLC" schema --format json >replay.json 2>/dev/null
"$SQLC" schema --from-db "dbname=$vdb" --format json >live.json 2>live.err || { err "example:"; cat live.err; }
# The schema meta itself stays (sqlc created it, but a schema is the
# user's to drop); its tables must not.
grep -q '"name": "meta"' live.json || err "schema meta is missing"
grep -q '"name": "applied' live.json && err "the version tables were introspected"
"$SQLC" schema --from-db "dbname=$vdb" --exclude-schema meta --format json >live2.json 2>/dev/null
diff -u replay.json live2.json >v.diff || { err "example with meta.applied differs:"; head -20 v.diff; }
cd ..
dropdb "$vdb"

# 5. A connection failure against the live server: one line, exit 2, the
# password never shown.
"$SQLC" schema --from-db "postgresql://postgres:s3cret@/io_nosuchdb_$$?host=$PGHOST" >out.txt 2>fail.err
rc=$?
[ $rc = 2 ] || err "connection failure exits $rc, want 2"
[ "$(wc -l <fail.err)" = 1 ] || { err "connection failure is not one line:"; cat fail.err; }
grep -q s3cret fail.err out.txt && err "the password was printed"
grep -q "postgres:xxxxx@" fail.err || { err "the DSN is not shown redacted:"; cat fail.err; }
grep -q "does not exist" fail.err || { err "the server's reason is missing:"; cat fail.err; }

# 6. Grants.
alice="io_alice_$$" bob="IO Bob $$"
psql -X -q -d postgres -c "CREATE ROLE $alice" -c "CREATE ROLE \"$bob\"" >/dev/null
cat >privs.sql <<EOF
CREATE SCHEMA pv;
CREATE TABLE pv.t (a int);
CREATE SEQUENCE pv.s;
CREATE FUNCTION pv.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE TYPE pv.e AS ENUM ('x');
GRANT USAGE ON SCHEMA pv TO $alice;
GRANT SELECT, INSERT ON pv.t TO $alice;
GRANT ALL ON pv.t TO "$bob" WITH GRANT OPTION;
GRANT USAGE, SELECT ON SEQUENCE pv.s TO $alice;
GRANT EXECUTE ON FUNCTION pv.f() TO "$bob";
GRANT USAGE ON TYPE pv.e TO $alice;
EOF
pdb="io_p_$$"
createdb "$pdb"
psql -X -q -v ON_ERROR_STOP=1 -d "$pdb" -f privs.sql >/dev/null || err "privs.sql"
"$SQLC" schema --from-files privs.sql --with-privileges --format json 2>/dev/null | sed 's/,$//' >privs.want
"$SQLC" schema --from-db "dbname=$pdb" --schema pv --with-privileges --format json 2>privs.err |
    grep -v '"owner": ' | sed 's/,$//' >privs.got
diff -u privs.want privs.got >privs.diff || { err "grants differ:"; head -30 privs.diff; }
grep -q "\"$alice:SELECT,INSERT\"" privs.got || err "the grants were not read"
dropdb "$pdb"

# 7. Tablespaces (of tables, indexes and constraint indexes), when the
# harness's socket folder can hold one.
tsdir="$PGHOST/ts_$$"
if mkdir "$tsdir" 2>/dev/null && { [ "$(id -u)" != 0 ] || chown postgres "$tsdir"; }; then
    tdb="io_t_$$"
    createdb "$tdb"
    cat >ts.sql <<EOF
CREATE TABLE t (a int PRIMARY KEY USING INDEX TABLESPACE io_ts_$$, b int) TABLESPACE io_ts_$$;
CREATE INDEX tb ON t (b) TABLESPACE io_ts_$$ WHERE b > 0;
CREATE INDEX tb2 ON t (b);
EOF
    psql -X -q -d "$tdb" -c "CREATE TABLESPACE io_ts_$$ LOCATION '$tsdir'" >/dev/null &&
        psql -X -q -v ON_ERROR_STOP=1 -d "$tdb" -f ts.sql >/dev/null || err "tablespace setup"
    "$SQLC" schema --from-files ts.sql --format json >ts.want 2>/dev/null
    "$SQLC" schema --from-db "dbname=$tdb" --format json >ts.got 2>&1
    diff -u ts.want ts.got >ts.diff || { err "tablespaces differ:"; head -20 ts.diff; }
    [ "$(grep -c '"tablespace": "io_ts_' ts.got)" = 3 ] || err "three tablespaces expected"
    dropdb "$tdb"
    psql -X -q -d postgres -c "DROP TABLESPACE io_ts_$$" >/dev/null
    rm -rf "$tsdir"
fi

# 8. The diff's db: source is this introspection: a database built from
# the example history shows no drift, one changed by hand shows exactly
# that change, an unreachable one is one redacted line and exit 2.
cp -r "$FIXTURES/example" ex_diff && cd ex_diff || exit 1
ddb="io_d_$$"
createdb "$ddb"
"$SQLC" upgrade head --sql | psql -X -q -v ON_ERROR_STOP=1 -d "$ddb" >/dev/null 2>&1 || err "example upgrade for diff"
"$SQLC" diff --to "db:dbname=$ddb" >diff0.out 2>&1; rc=$?
[ $rc = 0 ] && grep -qx "No differences." diff0.out || { err "diff against the fresh database (exit $rc):"; cat diff0.out; }
psql -X -q -d "$ddb" -c "ALTER TABLE users ADD COLUMN drift integer" >/dev/null
"$SQLC" diff --to "db:dbname=$ddb" >diff1.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q "+ column public.users.drift" diff1.out || { err "drift not found (exit $rc):"; cat diff1.out; }
"$SQLC" diff --to "db:postgresql://u:pw@/x?host=/nonexistent" >diff2.out 2>&1; rc=$?
[ $rc = 2 ] && [ "$(wc -l <diff2.out)" = 1 ] && ! grep -q ':pw@' diff2.out || { err "diff with no server (exit $rc):"; cat diff2.out; }
cd ..
dropdb "$ddb"

psql -X -q -d postgres -c "DROP DATABASE $db" -c "DROP ROLE $role" -c "DROP ROLE $alice" -c "DROP ROLE \"$bob\"" >/dev/null
exit $fail
