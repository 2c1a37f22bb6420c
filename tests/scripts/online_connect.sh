#!/usr/bin/env bash
# online_connect: connection failures of the online commands are one exact
# line on stderr with exit 2, and no password ever appears in any output.
#   1. an unreachable server (a socket folder that does not exist, and a
#      TCP port nobody listens on), from --db, SQLC_DATABASE_URL and
#      sqlc.ini, for every online command;
#   2. a wrong password: a role with a scram-sha-256 password and an hba
#      line for it put at the top of the harness's pg_hba.conf, which is
#      restored (and the server reloaded) on every exit path;
#   3. the right password (in the URI, in PGPASSWORD) connects.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${TESTS:?}" "${PGHOST:?the harness must export PGHOST}"
. "$TESTS/lib/online.sh"

cp -r "$FIXTURES/example" example && cd example || exit 1
SECRET=s3cret-Pa55

# expect_line WANT CMD...: CMD exits 2 with exactly WANT on stderr, nothing on
# stdout, and the secret nowhere.
expect_line() {
    local want=$1; shift
    "$@" >out 2>errout
    local rc=$?
    [ $rc = 2 ] || err "$*: exit $rc, want 2"
    [ "$(cat errout)" = "$want" ] || { err "$*: said"; cat errout; echo "want: $want"; }
    [ ! -s out ] || { err "$*: printed on stdout:"; cat out; }
    ! grep -q "$SECRET" out errout || err "$*: the password was printed"
}

# 1. Unreachable.
sock='connection to server on socket "/nonexistent-sqlc/.s.PGSQL.5432" failed: No such file or directory'
for cmd in "upgrade head" "downgrade base" current "stamp head" verify; do
    name=${cmd%% *}
    # shellcheck disable=SC2086
    expect_line "sqlc $name: error: could not connect to host=/nonexistent-sqlc dbname=app: $sock" \
        "$SQLC" --db "host=/nonexistent-sqlc dbname=app" $cmd
done
expect_line "sqlc current: error: could not connect to postgresql://app:xxxxx@/app?host=/nonexistent-sqlc: $sock" \
    "$SQLC" --db "postgresql://app:$SECRET@/app?host=/nonexistent-sqlc" current
expect_line "sqlc current: error: could not connect to host=/nonexistent-sqlc password=xxxxx dbname=app: $sock" \
    env SQLC_DATABASE_URL="host=/nonexistent-sqlc password=$SECRET dbname=app" "$SQLC" current
sed -i "s|^\[sqlc\]|&\ndatabase_url = postgresql://app:$SECRET@/app?host=/nonexistent-sqlc|" sqlc.ini
expect_line "sqlc upgrade: error: could not connect to postgresql://app:xxxxx@/app?host=/nonexistent-sqlc: $sock" \
    "$SQLC" upgrade head
cp "$FIXTURES/example/sqlc.ini" sqlc.ini
expect_line "sqlc current: error: could not connect to host=127.0.0.1 port=1 dbname=app: connection to server at \"127.0.0.1\", port 1 failed: Connection refused" \
    "$SQLC" --db "host=127.0.0.1 port=1 dbname=app" current

# 2. A wrong password.
hba="$PGHOST/data/pg_hba.conf"
[ -f "$hba" ] || { echo "no pg_hba.conf at $hba: not the harness's cluster"; exit 77; }
cp -p "$hba" hba.orig || exit 1
restore() {
    cat hba.orig >"$hba"
    psql -X -Atq -d postgres -c "SELECT pg_reload_conf()" >/dev/null
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS sqlc_pw_user" 2>/dev/null
}
trap restore EXIT
db=$(newdb connect)
psql -X -q -d postgres -c "CREATE ROLE sqlc_pw_user LOGIN PASSWORD '$SECRET'; GRANT ALL ON DATABASE $db TO sqlc_pw_user; ALTER DATABASE $db OWNER TO sqlc_pw_user" || exit 1
{ echo "local all sqlc_pw_user scram-sha-256"; cat hba.orig; } >"$hba"
psql -X -Atq -d postgres -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.2 # the postmaster rereads pg_hba.conf on SIGHUP, asynchronously
uri="postgresql://sqlc_pw_user:WRONG-$SECRET@/$db?host=$PGHOST"
expect_line "sqlc upgrade: error: could not connect to postgresql://sqlc_pw_user:xxxxx@/$db?host=$PGHOST: connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: FATAL:  password authentication failed for user \"sqlc_pw_user\"" \
    "$SQLC" --db "$uri" upgrade head
expect_line "sqlc current: error: could not connect to user=sqlc_pw_user dbname=$db: connection to server on socket \"$PGHOST/.s.PGSQL.5432\" failed: FATAL:  password authentication failed for user \"sqlc_pw_user\"" \
    env PGPASSWORD="WRONG-$SECRET" "$SQLC" --db "user=sqlc_pw_user dbname=$db" current

# 3. The right one.
"$SQLC" --db "postgresql://sqlc_pw_user:$SECRET@/$db?host=$PGHOST" upgrade head -v >out 2>errout ||
    { err "the right password in the URI did not connect:"; cat errout; }
! grep -q "$SECRET" out errout || err "upgrade -v printed the password"
[ "$(PGPASSWORD=$SECRET "$SQLC" --db "user=sqlc_pw_user dbname=$db" current)" = "3b1c2d4e5f6a (head)" ] ||
    err "the right password in PGPASSWORD did not connect"
PGPASSWORD=$SECRET "$SQLC" --db "user=sqlc_pw_user dbname=$db" current -v >out 2>&1
! grep -q "$SECRET" out || err "current -v printed the password"

[ $fail = 0 ] && echo "connection errors are one line, exit 2, and never show a password"
[ $fail = 0 ]
