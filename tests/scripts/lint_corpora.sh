#!/usr/bin/env bash
# lint_corpora: sqlc lint --all works on every real history in
# $SHARED/corpora, and every finding points at a line that exists in its
# file.
#
# Each corpus is read in place through its own history format (a
# temporary sqlc.ini, as corpora_fidelity.sh does) or its ORDER list, and
# linted with --format github, whose one line per finding names file and
# line.  lint may exit 0 or 1 (findings); 2 (the history does not load or
# replay) fails the test.  The counts per rule are printed, so a change in
# what lint finds shows in the log.  Under the sanitizers
# (SQLC_TEST_SAMPLE set), lemmy's downgrade comparison is turned off: it
# rebuilds the catalog after each of its ~145 mismatching downgrades,
# which takes minutes there; the other corpora keep it.  Exits 77 without
# corpora.
set -u
: "${SQLC:?}"
C=${SHARED:-../shared}/corpora
if [ ! -d "$C" ]; then
    echo "no $C (test data kept outside the project): corpora not linted"
    exit 77
fi
fail=0 linted=0

# check NAME SQLC-ARGS...: lints, checks every finding's line, prints counts.
check() {
    local name=$1; shift
    linted=$((linted + 1))
    "$SQLC" lint "$@" --all --format github >"$name.gh" 2>"$name.err"
    local rc=$?
    if [ $rc -gt 1 ]; then
        echo "$name: sqlc lint exited $rc:"; head -20 "$name.err"; fail=1; return
    fi
    # "::warning file=F,line=L,col=C,title=CODE::message", F with ',' ':'
    # and '%' escaped: every F must exist and have line L.
    awk -v name="$name" '
        function unesc(s) { gsub(/%2C/, ",", s); gsub(/%3A/, ":", s); gsub(/%25/, "%", s); return s }
        {
            p = $0; sub(/^::[a-z]+ file=/, "", p); sub(/::.*/, "", p)
            f = p; sub(/,line=.*/, "", f); f = unesc(f)
            l = p; sub(/.*,line=/, "", l); sub(/,.*/, "", l); l = l + 0
            if (!(f in lines)) {
                n = 0
                while ((getline x < f) > 0) n++
                close(f)
                lines[f] = n
            }
            if (lines[f] == 0 || l < 1 || l > lines[f]) {
                printf "%s: line %s is not in %s (%d lines): %s\n", name, l, f, lines[f], substr($0, 1, 200)
                bad = 1
            }
        }
        END { exit bad }' "$name.gh" || fail=1
    local n
    n=$(wc -l <"$name.gh")
    echo "$name: $n findings (exit $rc)"
    sed -n 's/^::[a-z]* .*,title=\([^:]*\)::.*/\1/p' "$name.gh" | sort | uniq -c | sed "s/^/  $name /"
}

ini() { printf '[sqlc]\nversions = %s\nhistory_format = %s\n%s' "$2" "$3" "${4:-}" >"$1"; }

if [ -d "$C/lemmy" ]; then
    extra=
    [ -n "${SQLC_TEST_SAMPLE:-}" ] && extra=$'[lint]\ndowngrade-mismatch = off\n'
    ini lemmy.ini "$C/lemmy/migrations" diesel "$extra"
    check lemmy -c lemmy.ini
fi
if [ -d "$C/ssoready" ]; then
    ini ssoready.ini "$C/ssoready/cmd/migrate/migrations" golang-migrate
    check ssoready -c ssoready.ini
fi
if [ -d "$C/harbor" ]; then
    ini harbor.ini "$C/harbor/make/migrations/postgresql" golang-migrate
    check harbor -c harbor.ini
fi
if [ -d "$C/temporal" ]; then
    # The ORDER lists are the histories (no sqlc.ini).
    check temporal --from-list "$C/temporal/ORDER.temporal.list"
    check temporal_visibility --from-list "$C/temporal/ORDER.visibility.list"
fi
echo "$linted histories linted"
[ $fail = 0 ] && [ $linted -gt 0 ]
