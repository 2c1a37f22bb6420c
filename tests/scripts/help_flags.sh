#!/usr/bin/env bash
# help_flags: every command's help documents exactly the flags its getopt
# table accepts, and has a usage line and an example.
#
# The accepted flags are read from the sources: each cli/cmd_*.c defines
# one or more commands (int cmd_NAME(int argc, ...)) and their long
# options ({"name", no_argument|required_argument, ...}); COMMON_LONGOPTS
# (cli/cli.h) adds the common ones, and a command that parses with
# online_json_only (cli/online.c) takes that function's table.  The
# documented flags are what `sqlc help --flags CMD` reads back from the
# help's option lines (also what "did you mean" and the completion
# scripts use).  Both directions must hold.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
longopts() { grep -o '{"[a-z0-9-]*", *\(no\|required\|optional\)_argument' "$@" | sed 's/{"\([^"]*\)".*/--\1/'; }
common=$(sed -n '/#define COMMON_LONGOPTS/,/^#define COMMON_SHORTOPTS/p' "$ROOT/cli/cli.h" | longopts /dev/stdin)
online=$(sed -n '/^bool online_json_only/,/^}/p' "$ROOT/cli/online.c" | longopts /dev/stdin)
[ -n "$common" ] || { echo "no COMMON_LONGOPTS found in cli/cli.h"; exit 1; }
listed=$("$SQLC" help --commands | sort)
seen=""
for src in "$ROOT"/cli/cmd_*.c; do
    cmds=$(sed -n 's/^int cmd_\([a-z_]*\)(int argc.*/\1/p' "$src")
    for cmd in $cmds; do
        seen="$seen $cmd"
        want=$( { longopts "$src"; echo "$common"; grep -q 'online_json_only' "$src" && echo "$online"; } | sort -u)
        have=$("$SQLC" help --flags "$cmd" | sort -u)
        missing=$(comm -23 <(echo "$want") <(echo "$have"))
        extra=$(comm -13 <(echo "$want") <(echo "$have"))
        [ -z "$missing" ] || { echo "FAIL: sqlc help $cmd does not document:" $missing; fail=1; }
        [ -z "$extra" ] || { echo "FAIL: sqlc help $cmd documents flags $cmd does not accept:" $extra; fail=1; }
        help=$("$SQLC" help "$cmd")
        [ "$help" = "$("$SQLC" "$cmd" --help)" ] || { echo "FAIL: sqlc help $cmd and sqlc $cmd --help differ"; fail=1; }
        printf '%s\n' "$help" | head -1 | grep -q "^usage: sqlc $cmd" || { echo "FAIL: sqlc help $cmd: no usage line"; fail=1; }
        # An option line is FLAGS PLACEHOLDERS, two blanks, the description:
        # a single blank would glue the description to the flags.
        bad=$(printf '%s\n' "$help" | grep -E '^ +-' | awk '{ l = $0; sub(/^ +/, "", l); if (match(l, /  +/)) l = substr(l, 1, RSTART - 1)
            n = split(l, w, " "); for (i = 1; i <= n; i++) if (w[i] !~ /^-/ && w[i] !~ /^[A-Z|.,]+$/ && w[i] !~ /^[a-z]+(\|[a-z]+)+$/) { print; break } }')
        [ -z "$bad" ] || { echo "FAIL: sqlc help $cmd: option lines without two blanks before the description:"; echo "$bad"; fail=1; }
        printf '%s\n' "$help" | grep -q '^Examples\?:$' || { echo "FAIL: sqlc help $cmd: no example"; fail=1; }
        printf '%s\n' "$help" | grep -A1 '^Examples\?:$' | grep -q "^  sqlc $cmd" || { echo "FAIL: sqlc help $cmd: the example does not run sqlc $cmd"; fail=1; }
    done
done
# Every command in the table has a source file, and the other way round.
[ "$(echo $seen | tr ' ' '\n' | sort)" = "$listed" ] ||
    { echo "FAIL: commands in cli/cmd_*.c and 'sqlc help --commands' differ:"; diff <(echo $seen | tr ' ' '\n' | sort) <(echo "$listed"); fail=1; }
# Did you mean: the nearest documented flag.
out=$("$SQLC" history --grpah 2>&1); rc=$?
[ $rc = 2 ] && printf '%s\n' "$out" | grep -q "unknown option '--grpah'; did you mean '--graph'?" ||
    { echo "FAIL: no suggestion for --grpah (exit $rc):"; echo "$out"; fail=1; }
out=$("$SQLC" diff --formt json 2>&1)
printf '%s\n' "$out" | grep -q "did you mean '--format'?" || { echo "FAIL: no suggestion for --formt: $out"; fail=1; }
out=$("$SQLC" heads --zzzzzzzz 2>&1)
printf '%s\n' "$out" | grep -q "did you mean" && { echo "FAIL: a far-fetched suggestion: $out"; fail=1; }
exit $fail
