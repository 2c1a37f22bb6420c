# online.sh: helpers for the script tests of the online commands
# (tests/scripts/online_*.sh), sourced after the harness exported PGHOST.
#
# db_schema_json is the ONE place that reads the schema actually in a
# database: today pg_dump + `sqlc schema --from-dump`; when `sqlc schema
# --from-db` exists it becomes that single line.  Everything else compares
# its output with replay.

fail=0
err() { echo "FAIL: $*"; fail=1; }

# newdb NAME: a fresh, empty database; prints its name.
newdb() { local n="o_$1_$$"; dropdb --if-exists "$n" 2>/dev/null; createdb "$n" && echo "$n"; }

# db_schema_json DB OUT: the schema in DB as sqlc's JSON, without sqlc's own
# version tables (public.sqlc_version*).
db_schema_json() {
    pg_dump --schema-only --no-owner --no-privileges -T 'public.sqlc_version*' -d "$1" >"$2.dump.sql" &&
        "$SQLC" schema --from-dump "$2.dump.sql" --format json >"$2"
}

# replay_json OUT [REV...]: the schema replay gives with exactly the
# applied sets of REV... (none = base).  One REV is `sqlc schema REV`; a
# state with several heads replays a copy of the versions folder holding
# just their ancestors.
replay_json() {
    local out=$1; shift
    case $# in
    0) "$SQLC" schema --from-files /dev/null --format json >"$out" ;;
    1) "$SQLC" schema "$1" --format json >"$out" ;;
    *)
        local dir; dir=$(mktemp -d "$PWD/subset.XXXXXX")
        local rev
        for rev in "$@"; do
            "$SQLC" history -r ":$rev" --verbose | sed -n 's/^Path: //p' | xargs -I{} cp {} "$dir/"
        done
        "$SQLC" --versions "$dir" schema --format json >"$out"
        rm -rf "$dir"
        ;;
    esac
}

# same_schema DB [REV...]: the database holds what replay gives at REV...
same_schema() {
    local db=$1; shift
    db_schema_json "$db" "$db.live.json" || { err "$db: cannot read its schema"; return; }
    replay_json "$db.replay.json" "$@" || { err "replay of $* failed"; return; }
    diff -u "$db.replay.json" "$db.live.json" >"$db.diff" ||
        { err "$db at ${*:-base}: the database differs from replay:"; head -30 "$db.diff"; }
}

# heads_of DB: the head rows, comma-separated, dirty ones marked.
heads_of() {
    psql -X -Atq -d "$1" -c "SELECT string_agg(version_id || CASE WHEN dirty THEN '*' ELSE '' END, ',' ORDER BY version_id) FROM sqlc_version" 2>/dev/null
}
