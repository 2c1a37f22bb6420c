# pg.sh: a throwaway PostgreSQL 15 for the test suite.
#
# pg_start creates a cluster in a fresh temp folder and starts it on a unix
# socket in that same folder (no TCP port, so parallel runs cannot collide),
# then exports PGHOST/PGPORT/PGUSER/PGDATABASE for everything that follows.
# Tests run as root in CI and initdb refuses root, so the server runs as the
# `postgres` user, who owns the folder.  pg_stop tears it all down; callers
# arrange for it to run on every exit path (trap ... EXIT INT TERM HUP).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_TMP=

pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    if [ ! -x "$PG_BIN/initdb" ]; then
        echo "pg.sh: $PG_BIN/initdb not found; install postgresql-15 (make deps)" >&2
        return 1
    fi
    PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/sqlc-pg.XXXXXX") || return 1
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PG_TMP" || return 1
    fi
    chmod 700 "$PG_TMP"
    if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_TMP/data" --auth=trust -U postgres \
            -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1; then
        echo "pg.sh: initdb failed:" >&2
        cat "$PG_TMP/initdb.log" >&2
        return 1
    fi
    # fsync off: a test cluster is thrown away, durability buys nothing.
    if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -w -t 60 -l "$PG_TMP/server.log" \
            -o "-k $PG_TMP -c listen_addresses='' -c fsync=off -c full_page_writes=off" \
            start >/dev/null; then
        echo "pg.sh: the server did not start:" >&2
        cat "$PG_TMP/server.log" >&2
        return 1
    fi
    export PGHOST="$PG_TMP" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
    unset PGPASSWORD PGSERVICE PGSERVICEFILE
}

pg_stop() {
    [ -n "$PG_TMP" ] || return 0
    if [ -f "$PG_TMP/data/postmaster.pid" ]; then
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$PG_TMP"
    PG_TMP=
}

# A fresh, empty database for one test; prints its name.
pg_new_db() {
    local name="t_$(date +%s%N)_$RANDOM"
    "$PG_BIN/createdb" "$name" >/dev/null || return 1
    echo "$name"
}
