# case.sh CMDFILE: runs one golden CLI case's commands in the current folder.
# FIXTURE NAME copies fixtures/NAME here and enters it, so every case works
# on its own scratch copy and may modify it.
FIXTURE() { cp -r "$FIXTURES/$1" "./$(basename "$1")" && cd "./$(basename "$1")" || exit 99; }
# NEWDB NAME makes a fresh, empty database NAME on the harness's server and
# exports it as PGDATABASE, for cases that run the online commands.
NEWDB() { dropdb --if-exists "$1" 2>/dev/null; createdb "$1" && export PGDATABASE="$1" || exit 99; }
# SOURCE_DATE_EPOCH pins the "created" stamp of new revisions.
export SOURCE_DATE_EPOCH=1795000000
. "$1"
