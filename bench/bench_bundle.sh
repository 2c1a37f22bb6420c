#!/usr/bin/env bash
# bench_bundle.sh SQLC BENCH_BUNDLE [N]: how long does a bundle of N
# synthetic revisions take, against Alembic's offline mode?
#
#   1. gen_history.py writes one history twice: N sqlc revision files and
#      the same N revisions as Alembic scripts (op.execute per statement);
#   2. sqlc: wall time of `sqlc upgrade base:head --sql` (load, parse,
#      replay check, print), best of R runs;
#   3. the same process split by bench_bundle (in-process): libpg_query's
#      parse of the same upgrade sections alone, and the bundle build;
#   4. Alembic: wall time of `alembic upgrade head --sql`, best of R runs,
#      and the ratio.  Without alembic (Debian: alembic python3-alembic
#      python3-sqlalchemy; `make bench` tries to install them) the
#      comparison is skipped with a message.
# Nothing is asserted: timings are read, not tested.
set -eu
SQLC=$1 BENCH=$2 N=${3:-1000} R=${R:-7}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
    echo "bench: python3 is needed to generate the synthetic history; bundle benchmark skipped"
    exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/sqlc-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
python3 "$here/gen_history.py" "$N" "$out"

# best CMD...: the best wall time of R runs, in ms, output discarded.
best() {
    local b=999999999 t0 t1 i
    for i in $(seq "$R"); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        [ $(((t1 - t0) / 1000)) -lt $b ] && b=$(((t1 - t0) / 1000))
    done
    awk -v us="$b" 'BEGIN { printf "%.1f", us / 1000 }'
}

(cd "$out/sqlc" && "$SQLC" upgrade base:head --sql >bundle.sql) || { echo "bench: sqlc failed"; exit 1; }
echo "history: $N revisions, $(grep -c '^-- Running upgrade' "$out/sqlc/bundle.sql") in the bundle ($(wc -c <"$out/sqlc/bundle.sql") bytes)"
sq=$(cd "$out/sqlc" && best "$SQLC" upgrade base:head --sql)
echo "sqlc upgrade base:head --sql            ${sq} ms (best of $R, whole process)"
"$BENCH" "$out/sqlc/versions" "$R"
if command -v alembic >/dev/null 2>&1 && (cd "$out/alembic" && alembic upgrade head --sql >alembic.sql 2>alembic.err); then
    al=$(cd "$out/alembic" && best alembic upgrade head --sql)
    echo "alembic upgrade head --sql              ${al} ms (best of $R, whole process; $(alembic --version 2>/dev/null | tr -d '\n'))"
    awk -v a="$al" -v s="$sq" 'BEGIN { printf "ratio: sqlc is %.1fx faster than alembic (goal: >= 12x)\n", a / s }'
else
    echo "alembic: not available (install the Debian packages alembic python3-alembic python3-sqlalchemy); comparison skipped"
fi
