# case.sh CMDFILE: runs one golden case's commands (tests/cli/NAME/cmd or
# tests/bad/NAME/cmd) in the current folder.  $CASE is the case's own
# folder, for input files kept beside cmd.
#
# FIXTURE NAME copies fixtures/NAME here and enters it, so every case works
# on its own scratch copy and may modify it.
FIXTURE() { cp -r "$FIXTURES/$1" "./$(basename "$1")" && cd "./$(basename "$1")" || exit 99; }
# NEWDB NAME makes a fresh, empty database NAME on the harness's server and
# exports it as PGDATABASE, for cases that run the online commands.
NEWDB() { dropdb --if-exists "$1" 2>/dev/null; createdb "$1" && export PGDATABASE="$1" || exit 99; }
# PROJECT: an empty project here (sqlc.ini, versions/) for a case to fill.
PROJECT() { mkdir -p versions && printf '[sqlc]\nversions = versions\n' >sqlc.ini; }
# SKIP REASON: this case cannot run here; the runner counts it as skipped.
SKIP() { echo "$*" >&2; exit 77; }
# NEEDS_PG: skip unless the harness's PostgreSQL is there (PG* exported).
NEEDS_PG() { [ -n "${PGHOST:-}" ] || SKIP "no PostgreSQL harness (run through tests/run.sh)"; }
# UNPRIVILEGED CMD...: runs CMD without the power to ignore file
# permissions.  As root that means dropping CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH, so "unreadable" and "read-only" mean what they say.
UNPRIVILEGED() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --bounding-set -dac_override,-dac_read_search -- true 2>/dev/null ||
            SKIP "root here cannot drop CAP_DAC_OVERRIDE (setpriv needs CAP_SETPCAP), so permissions cannot be tested"
        setpriv --bounding-set -dac_override,-dac_read_search -- "$@"
    else
        "$@"
    fi
}
# SOURCE_DATE_EPOCH pins the "created" stamp of new revisions.
export SOURCE_DATE_EPOCH=1795000000
. "$1"
