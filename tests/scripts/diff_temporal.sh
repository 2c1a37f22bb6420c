#!/usr/bin/env bash
# diff_temporal: drift found exactly where it really is.
#
# temporal keeps a hand-written schema.sql beside its versioned history,
# and the two really differ upstream: a table the history created that
# schema.sql no longer has (cluster_metadata), three defaults schema.sql
# lacks, and column order.  `sqlc diff` from the replayed history to that
# file must report exactly those, column order only with
# --strict-column-order; the visibility schema matches its history.
# Exits 77 without the corpora.
set -u
: "${SQLC:?}"
T=${SHARED:-../shared}/corpora/temporal
if [ ! -d "$T" ]; then
    echo "no $T (test data kept outside the project): temporal drift not checked"
    exit 77
fi
fail=0
(cd "$T" && "$SQLC" schema --from-list ORDER.temporal.list) >temporal.sql 2>/dev/null || { echo "FAIL: replay"; exit 1; }
"$SQLC" diff --from dump:temporal.sql --to "schema:$T/schema/postgresql/v12/temporal/schema.sql" >got.txt
rc=$?
cat >want.txt <<'TXT'
- table public.cluster_metadata  [data-loss]
~ table public.queue
    ~ column public.queue.message_encoding: default 'Json' -> none
~ table public.queue_metadata
    ~ column public.queue_metadata.data_encoding: default 'Json' -> none
    ~ column public.queue_metadata.version: default 0 -> none

4 changes: 0 to create, 1 to drop, 3 to alter, 0 to rename.
hazard data-loss: drops stored data that no later statement brings back
TXT
[ $rc = 1 ] || { echo "FAIL: exit $rc, want 1"; fail=1; }
diff -u want.txt got.txt || { echo "FAIL: the drift report differs"; fail=1; }
"$SQLC" diff --from dump:temporal.sql --to "schema:$T/schema/postgresql/v12/temporal/schema.sql" \
    --strict-column-order >strict.txt
grep -c 'column order (' strict.txt | grep -qx 2 || { echo "FAIL: want two column-order changes:"; cat strict.txt; fail=1; }
grep -q '^6 changes: ' strict.txt || { echo "FAIL: strict report:"; cat strict.txt; fail=1; }
(cd "$T" && "$SQLC" schema --from-list ORDER.visibility.list) >vis.sql 2>/dev/null
"$SQLC" diff --from dump:vis.sql --to "schema:$T/schema/postgresql/v12/visibility/schema.sql" >vis.txt ||
    { echo "FAIL: visibility drift:"; cat vis.txt; fail=1; }
[ $fail = 0 ] && echo "temporal: exactly its known differences; visibility: none"
[ $fail = 0 ]
