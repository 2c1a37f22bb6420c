#!/usr/bin/env bash
# corpora_history: the foreign history formats on real projects' histories.
#
# For each corpus in $SHARED/corpora kept in a format sqlc reads in place
# (lemmy: diesel; harbor and ssoready: golang-migrate), a temp sqlc.ini
# names the corpus's migrations folder and its history_format; then
#   - `sqlc history` must list exactly the steps of the corpus's ORDER.list
#     that lie in that folder, newest first (ORDER.list lines outside it,
#     like harbor's schema_migrations pre-step, are not migrations);
#   - `sqlc check` must find no problem outside the down files (every up
#     and down file parses, the history replays; downgrades that do not
#     restore the schema exactly are counted, not failed).
# temporal's versioned/vX.Y folders are no tool's format, so not here (its
# ORDER lists are covered by the list loader's unit test).
# Exits 77 when the corpora are absent (a user's clone has none).
set -u
: "${SQLC:?set SQLC to the sqlc binary}"
C=${SHARED:-../shared}/corpora
if [ ! -d "$C" ]; then
    echo "no $C (test data kept outside the project): corpus histories not checked"
    exit 77
fi
fail=0 checked=0

# check_corpus NAME FORMAT FOLDER: FOLDER is relative to the corpus, as the
# paths in its ORDER.list are.
check_corpus() {
    local name=$1 fmt=$2 folder=$3 root=$C/$1
    if [ ! -f "$root/ORDER.list" ] || [ ! -d "$root/$folder" ]; then
        echo "$name: absent, not checked"
        return
    fi
    checked=$((checked + 1))
    printf '[sqlc]\nversions = %s\nhistory_format = %s\n' "$root/$folder" "$fmt" >"$name.ini"
    # The version of each step: the name's part before the first '_' of its
    # folder (diesel) or file (golang-migrate), without diesel's dashes.
    cut -f1 "$root/ORDER.list" | grep -v '^#' | grep -v '^$' >"$name.all"
    grep "^$folder/" "$name.all" | sed "s#^$folder/\([^_/]*\)_.*#\1#; s/-//g" >"$name.want"
    local outside
    outside=$(grep -vc "^$folder/" "$name.all")
    if ! "$SQLC" -c "$name.ini" history >"$name.history" 2>"$name.err"; then
        echo "$name: sqlc history failed:"; cat "$name.err"; fail=1; return
    fi
    sed 's/^.* -> \([^ ,]*\).*/\1/' "$name.history" | tac >"$name.got"
    if ! diff -u "$name.want" "$name.got" >"$name.diff"; then
        echo "$name: sqlc history differs from ORDER.list:"; head -40 "$name.diff"; fail=1
    fi
    # check also replays each downgrade after its upgrade and compares the
    # catalogs: what it finds there (lemmy's down.sql files re-add columns
    # at the end, leave extensions behind, ...) is the history's own, so
    # only problems outside the down files fail this test.
    if ! "$SQLC" -c "$name.ini" check >"$name.check" 2>&1 &&
        grep -E '^[^ ].*: error: ' "$name.check" | grep -qvE '/down\.sql:[0-9]+:[0-9]+: error: '; then
        echo "$name: sqlc check failed:"; grep -E '^[^ ].*: error: ' "$name.check" | grep -vE '/down\.sql:' | head -20; fail=1
    fi
    echo "$name ($fmt): $(wc -l <"$name.want") steps as in ORDER.list" \
         "($outside line(s) outside $folder/); check: $(cat "$name.check" | tail -1)"
}

check_corpus lemmy diesel migrations
check_corpus harbor golang-migrate make/migrations/postgresql
check_corpus ssoready golang-migrate cmd/migrate/migrations

if [ $checked = 0 ]; then
    echo "none of lemmy, harbor, ssoready in $C: corpus histories not checked"
    exit 77
fi
exit $fail
