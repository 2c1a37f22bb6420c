#!/usr/bin/env bash
# online_steps: sqlc upgrade and downgrade against the live server, one step
# at a time, on fixtures/example (linear) and fixtures/branched (branches,
# a merge, a CREATE INDEX CONCURRENTLY revision, depends-on).  After every
# step the schema in the database equals replay at that state (helper in
# tests/lib/online.sh) and `sqlc current` prints the expected revisions.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${TESTS:?}" "${PGHOST:?the harness must export PGHOST}"
. "$TESTS/lib/online.sh"

# step DB "ARGS" WANT_CURRENT [REV...]: run sqlc ARGS, expect exit 0, the
# given `sqlc current` output (lines joined by '|') and replay's schema
# for the applied sets of REV... (none = base).
step() {
    local db=$1 args=$2 want=$3; shift 3
    # shellcheck disable=SC2086
    if ! "$SQLC" --db "dbname=$db" $args >out 2>errout; then
        err "$db: sqlc $args failed:"; cat errout; return
    fi
    # Off a terminal and without -v a run that works says nothing.
    [ ! -s out ] && [ ! -s errout ] || { err "$db: sqlc $args was not quiet:"; cat out errout; }
    local got; got=$("$SQLC" --db "dbname=$db" current | paste -sd'|')
    [ "$got" = "$want" ] || err "$db: after 'sqlc $args' current is '$got', want '$want'"
    same_schema "$db" "$@"
}

# refused DB "ARGS" MESSAGE: exits 2 with that message and changes nothing.
refused() {
    local db=$1 args=$2 want=$3 before after
    before=$(heads_of "$db")
    # shellcheck disable=SC2086
    "$SQLC" --db "dbname=$db" $args >out 2>errout
    local rc=$?
    [ $rc = 2 ] || err "$db: sqlc $args exited $rc, want 2"
    [ "$(cat errout)" = "$want" ] || { err "$db: sqlc $args said:"; cat errout; echo "want: $want"; }
    after=$(heads_of "$db")
    [ "$before" = "$after" ] || err "$db: the refused 'sqlc $args' moved the rows from $before to $after"
}

cp -r "$FIXTURES/example" example && cd example || exit 1
db=$(newdb example)
step "$db" "upgrade +1" "1a2b3c4d5e6f" 1a2b3c4d5e6f
step "$db" "upgrade +1" "2b6c1f3e4d5b" 2b6c1f3e4d5b
step "$db" "upgrade +1" "3b1c2d4e5f6a (head)" 3b1c2d4e5f6a
step "$db" "upgrade head" "3b1c2d4e5f6a (head)" 3b1c2d4e5f6a
refused "$db" "upgrade +1" "sqlc upgrade: error: '+1' goes past head (3b1c2d4e5f6a has no later revision)"
step "$db" "downgrade -1" "2b6c1f3e4d5b" 2b6c1f3e4d5b
step "$db" "downgrade -1" "1a2b3c4d5e6f" 1a2b3c4d5e6f
step "$db" "downgrade -1" ""
step "$db" "downgrade base" ""
# On a terminal (script(1) gives one), progress without -v: one line per
# revision with its time, then the total.
script -qec "$SQLC --db dbname=$db upgrade head" /dev/null | tr -d '\r' >tty.out
[ "$(grep -Ec '^Running upgrade ([0-9a-f]{12}|base) -> [0-9a-f]{12}, .* \.\.\. [0-9]+\.[0-9]{3} s$' tty.out)" = 3 ] &&
    grep -Eq '^Upgraded to 3b1c2d4e5f6a: 3 revisions in [0-9]+\.[0-9]{3} s$' tty.out ||
    { err "no progress on a terminal:"; cat tty.out; }
step "$db" "upgrade head" "3b1c2d4e5f6a (head)" 3b1c2d4e5f6a
step "$db" "downgrade base" ""
[ "$(psql -X -Atq -d "$db" -c 'SELECT count(*) FROM sqlc_version_history')" = 12 ] ||
    err "example: want 12 history rows (6 upgrades, 6 downgrades)"
cd ..

cp -r "$FIXTURES/branched" branched && cd branched || exit 1
db=$(newdb branched)
step "$db" "upgrade +1" "0a0000000001 (branchpoint)" 0a0000000001
refused "$db" "upgrade +1" "sqlc upgrade: error: cannot step up from 0a0000000001 in '+1': it branches to 0b0000000002, 0c0000000003"
step "$db" "upgrade audit" "0b0000000002 (audit)" 0b0000000002
step "$db" "upgrade 0c" "0b0000000002 (audit)|0c0000000003 (billing)" 0b0000000002 0c0000000003
refused "$db" "upgrade +1" "sqlc upgrade: error: '+1' is ambiguous: it starts from 2 revisions (0b0000000002, 0c0000000003)"
step "$db" "upgrade 0d" "0b0000000002 (audit)|0d0000000004" 0b0000000002 0d0000000004
step "$db" "upgrade 0e" "0e0000000005 (mergepoint)" 0e0000000005
step "$db" "upgrade +1" "0f0000000006 (head)" 0f0000000006
step "$db" "downgrade -1" "0e0000000005 (mergepoint)" 0e0000000005
refused "$db" "downgrade -1" "sqlc downgrade: error: cannot step down from merge revision 0e0000000005 in '-1': it has parents 0b0000000002, 0d0000000004"
step "$db" "downgrade 0d" "0b0000000002 (audit)|0d0000000004" 0b0000000002 0d0000000004
step "$db" "downgrade billing" "0b0000000002 (audit)|0c0000000003 (billing)" 0b0000000002 0c0000000003
step "$db" "downgrade 0a" "0a0000000001 (branchpoint)" 0a0000000001
step "$db" "downgrade -1" ""
step "$db" "upgrade heads" "0f0000000006 (head)" 0f0000000006
step "$db" "downgrade base" ""
cd ..

[ $fail = 0 ] && echo "online steps match replay at every state"
[ $fail = 0 ]
