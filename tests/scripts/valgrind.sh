#!/usr/bin/env bash
# valgrind: memcheck on a representative set of commands: zero leaks
# (definite or indirect) and zero invalid reads or writes.
#
# Every command sqlc has, on the fixtures: loading and printing the graph,
# check (parse, replay to every head, downgrade verification, sqlc.sum),
# schema (SQL and JSON), the bundles, the file writers; then real histories
# from ../shared/corpora (lemmy's replay, ssoready's check and pg_dump
# reader) when present; then failing inputs (syntax, replay, graph, config,
# revision specifier, a DO block the PL/pgSQL parser rejects).  Each run
# must also end with the exit code the command would give outside
# valgrind, so a crash cannot pass as a clean run.
#
# Suppressions (tests/valgrind.supp) cover libpg_query-internal leaks only,
# each with its reason.  An ASan build cannot run under valgrind: the
# sanitizer suite (make check-asan) skips this test; `make test` runs it.
set -u
: "${SQLC:?}" "${FIXTURES:?}" "${TESTS:?}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (make deps installs it)"; exit 77; }
if ldd "$SQLC" 2>/dev/null | grep -q 'libasan'; then
    echo "$SQLC is an AddressSanitizer build, which valgrind cannot run; make test runs this test"
    exit 77
fi
export SOURCE_DATE_EPOCH=1795000000
fail=0 runs=0

# vg WANT CMD...: runs CMD under memcheck in the current folder.
vg() {
    local want=$1
    shift
    runs=$((runs + 1))
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --suppressions="$TESTS/valgrind.supp" --log-file=vg.log "$@" >vg.out 2>vg.err
    local rc=$?
    if [ $rc != "$want" ] || [ -s vg.log ]; then
        echo "FAIL: (in $(basename "$PWD")) $*: exit $rc, want $want"
        sed 's/^/  /' vg.log vg.err | head -40
        fail=1
    fi
}

fixture() { rm -rf "$(basename "$1")" && cp -r "$FIXTURES/$1" . && cd "$(basename "$1")" || exit 1; }

(
    fixture example
    vg 0 "$SQLC" history --verbose
    vg 0 "$SQLC" heads
    vg 0 "$SQLC" show head
    vg 0 "$SQLC" check
    vg 0 "$SQLC" schema
    vg 0 "$SQLC" schema 2b6c --format json --with-privileges
    vg 0 "$SQLC" upgrade base:head --sql
    vg 0 "$SQLC" downgrade head:base --sql --single-transaction
    vg 0 "$SQLC" bundle 1a2b:head -o up.sql
    vg 0 "$SQLC" revision -m "next step" --rev-id 4d4d4d4d4d4d
    vg 0 "$SQLC" hash
    cd .. && rm -rf init-here && vg 0 "$SQLC" init init-here
    exit $fail
) || fail=1
(
    fixture branched
    vg 0 "$SQLC" branches --verbose
    vg 0 "$SQLC" check
    vg 0 "$SQLC" upgrade base:heads --sql
    vg 0 "$SQLC" downgrade heads:base --sql
    vg 2 "$SQLC" show 0
    sed -i 's/^-- sqlc:parents 0b0000000002, 0d0000000004/-- sqlc:parents 0b0000000002/' versions/0e0000000005_*.sql
    vg 2 "$SQLC" revision -m "two heads"
    vg 0 "$SQLC" merge heads -m "join" --rev-id 5e5e5e5e5e5e
    vg 2 "$SQLC" upgrade nolabel@head --sql
    exit $fail
) || fail=1
C=${SHARED:-../shared}/corpora
if [ -d "$C/lemmy/migrations" ] && [ -d "$C/ssoready" ]; then
    (
        printf '[sqlc]\nversions = %s\nhistory_format = diesel\n' "$C/lemmy/migrations" >lemmy.ini
        printf '[sqlc]\nversions = %s\nhistory_format = golang-migrate\n' "$C/ssoready/cmd/migrate/migrations" >sso.ini
        vg 0 "$SQLC" -c lemmy.ini schema
        vg 0 "$SQLC" -c sso.ini check
        vg 0 "$SQLC" schema --from-dump "$C/ssoready/sqlc/schema.sql" --format json
        exit $fail
    ) || fail=1
else
    echo "note: no $C; the corpus runs are left out"
fi
(
    for f in broken/syntax-error broken/replay-error broken/missing-parent broken/cycle; do
        (fixture "$f" && vg 1 "$SQLC" check && vg 2 "$SQLC" schema && exit $fail) || fail=1
    done
    mkdir -p bad && cd bad || exit 1
    printf 'DO $$ BEGIN IF 1 + THEN CREATE TABLE t (a int); END IF; END $$;\n' >do.sql
    vg 2 "$SQLC" schema --from-files do.sql
    printf "CREATE TABLE t (a text DEFAULT 'x);\nCREATE TABLE u (b int);\n" >str.sql
    vg 2 "$SQLC" schema --from-files str.sql
    printf 'GRANT r TO s WITH INHERIT TRUE;\n' >pg16.sql
    vg 2 "$SQLC" schema --from-files pg16.sql
    printf '[sqlc]\nversions = v\nversions = w\n' >twice.ini
    vg 2 "$SQLC" -c twice.ini history
    vg 2 "$SQLC" --versions . --db 'postgres://u:p%zz@h/db' history
    exit $fail
) || fail=1
[ $fail = 0 ] && echo "valgrind: clean"
exit $fail
