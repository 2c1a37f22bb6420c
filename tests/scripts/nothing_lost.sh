#!/usr/bin/env bash
# nothing_lost: every command that writes files leaves either the complete
# new file or nothing: never half a file, never a temp file.
#
# Each writer (init, revision, merge, upgrade/downgrade --sql -o, bundle
# -o, hash, schema -o: a new file and a replaced one) runs with the
# failwrite shim (tests/shim/failwrite.c) preloaded, in each failure mode:
#   enospc@0, enospc@100   a full disk at the first byte, or mid-file;
#   fsync, linkat, rename  the call that makes the file durable or gives it
#                          its name fails (EIO);
#   kill@100               SIGKILL mid-write: nothing can clean up.
# and each mode twice: with O_TMPFILE (the nameless temp file) and without
# (SQLC_FAIL_CALL=tmpfile, the PATH.tmp.PID fallback).
#
# After a failure the folder must be byte for byte what it was before, and
# the command must exit 2 naming its target.  After a kill, every file must
# be as before or as a successful run writes it (the reference), and there
# must be no other file; on the fallback path a kill may leave its temp
# file (nothing can remove it), but never a half-written target.
set -u
: "${SQLC:?}" "${FIXTURES:?}"
[ -n "${SHIM:-}" ] && [ -f "$SHIM" ] || { echo "the failwrite shim is not built (make test builds it)"; exit 77; }
# An ASan build wants its runtime first; the shim sits in front of it.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export SOURCE_DATE_EPOCH=1795000000
fail=0
err() { echo "FAIL: $*"; fail=1; }

# snap DIR: one line per directory and per file (with its checksum).
snap() {
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while read -r p; do
        if [ -d "$p" ]; then echo "D $p"; else echo "F $p $(cksum <"$p")"; fi
    done)
}

# setup NAME: a fresh project for the writer NAME in ./work.
setup() {
    rm -rf work && mkdir work
    case $1 in
    init) ;;
    merge) cp -r "$FIXTURES/branched/." work/
        sed -i 's/^-- sqlc:parents 0b0000000002, 0d0000000004/-- sqlc:parents 0b0000000002/' work/versions/0e0000000005_*.sql ;;
    schema-replace) cp -r "$FIXTURES/example/." work/ && echo "old schema" >work/out.sql ;;
    hash) cp -r "$FIXTURES/example/." work/ && echo "stale" >work/versions/sqlc.sum ;;
    *) cp -r "$FIXTURES/example/." work/ ;;
    esac
}

# The writers: NAME and the command run inside ./work.
WRITERS=(init revision merge upgrade downgrade bundle hash schema schema-replace)
writer_cmd() {
    case $1 in
    init) echo "init proj" ;;
    revision) echo "revision -m next --rev-id 4d4d4d4d4d4d" ;;
    merge) echo "merge heads -m join --rev-id 5e5e5e5e5e5e" ;;
    upgrade) echo "upgrade base:head --sql -o out.sql" ;;
    downgrade) echo "downgrade head:base --sql -o out.sql" ;;
    bundle) echo "bundle 1a2b:head -o out.sql" ;;
    hash) echo "hash" ;;
    schema | schema-replace) echo "schema -o out.sql" ;;
    esac
}

probe_dir=$(mktemp -d "$PWD/probe.XXXXXX")
if LD_PRELOAD=$SHIM SQLC_PROBE_TMPFILE=$probe_dir /bin/true; then has_tmpfile=1; else has_tmpfile=0; fi
rmdir "$probe_dir"
[ $has_tmpfile = 1 ] || echo "note: this filesystem has no O_TMPFILE; only the named temp file path is tested"

nruns=0
for w in "${WRITERS[@]}"; do
    cmd=$(writer_cmd "$w")
    # The reference: what a successful run leaves.
    setup "$w"
    before=$(snap work)
    # shellcheck disable=SC2086
    (cd work && "$SQLC" $cmd >/dev/null 2>../ref.err) || { err "$w: '$cmd' fails without the shim: $(cat ref.err)"; continue; }
    reference=$(snap work)
    [ "$reference" != "$before" ] || { err "$w: '$cmd' wrote nothing"; continue; }
    # Which call names the file depends on the path and on whether the
    # writer may replace (rename) or must not (link, exclusive).
    case $w in init | revision | merge) exclusive=1 ;; *) exclusive=0 ;; esac
    for path in nameless named; do
        [ $path = nameless ] && [ $has_tmpfile = 0 ] && continue
        if [ $path = nameless ]; then
            namers="linkat"; [ $exclusive = 0 ] && namers="linkat rename"
        else
            namers="rename"; [ $exclusive = 1 ] && namers="link"
        fi
        for mode in enospc@0 enospc@100 fsync $namers kill@100; do
            env=(LD_PRELOAD="$SHIM")
            calls=
            [ $path = named ] && calls=tmpfile
            case $mode in
            enospc@*) env+=(SQLC_FAIL_AFTER="${mode#enospc@}") ;;
            kill@*) env+=(SQLC_FAIL_AFTER="${mode#kill@}" SQLC_FAIL_MODE=kill) ;;
            *) calls=${calls:+$calls,}$mode ;;
            esac
            [ -n "$calls" ] && env+=(SQLC_FAIL_CALL="$calls")
            setup "$w"
            # shellcheck disable=SC2086
            # (The subshell's own stderr is dropped: bash reports "Killed".)
            (cd work && env "${env[@]}" "$SQLC" $cmd >../out 2>../err) 2>/dev/null
            rc=$?
            nruns=$((nruns + 1))
            after=$(snap work)
            what="$w ($path, $mode)"
            if [ "${mode%@*}" = kill ]; then
                [ $rc = 137 ] || { err "$what: exit $rc, want 137 (killed); stderr: $(cat err)"; continue; }
                # Every file is as before or as the reference; nothing else.
                while read -r kind p rest; do
                    [ "$kind" = F ] || continue
                    line="F $p $rest"
                    if grep -qxF "$line" <<<"$before" || grep -qxF "$line" <<<"$reference"; then
                        continue
                    fi
                    if [ $path = named ] && [[ $p == *.tmp.[0-9]* ]]; then
                        continue # the fallback's temp file: unavoidable after SIGKILL
                    fi
                    err "$what: $p is neither the old file nor the complete new one"
                done <<<"$after"
            else
                [ $rc = 2 ] || err "$what: exit $rc, want 2; stderr: $(cat err)"
                [ "$after" = "$before" ] || err "$what: the folder changed:$(diff <(echo "$before") <(echo "$after") | sed 's/^/ /')"
                grep -q '^sqlc: error: cannot [a-z]* [^ ]*: ' err || err "$what: no one-line error naming the file: $(cat err)"
                grep -q 'tmp\.' err && err "$what: the message names the temp file: $(cat err)"
                [ "$(wc -l <err)" = 1 ] || err "$what: more than one line on stderr: $(cat err)"
            fi
        done
    done
done
[ $nruns -ge 50 ] || err "only $nruns failure runs"
[ $fail = 0 ] && echo "nothing lost: $nruns failure runs over ${#WRITERS[@]} writers"
exit $fail
