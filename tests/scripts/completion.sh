#!/usr/bin/env bash
# completion: the bash script loads, registers _sqlc, and offers commands,
# a command's flags, --format values and revision ids (of the project the
# command line names); the zsh script passes zsh's syntax check and, typed
# into a real interactive zsh (completion_zsh.zsh), completes the same.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
bin=$PWD/bin
mkdir -p "$bin" && ln -sf "$SQLC" "$bin/sqlc"
export PATH=$bin:$PATH
cp -r "$FIXTURES/branched" proj && cd proj

reg=$(bash -c "source '$ROOT/completions/sqlc.bash'; complete -p sqlc")
[ "$reg" = "complete -F _sqlc sqlc" ] || { echo "FAIL: complete -p sqlc says: $reg"; fail=1; }

# complete WORD... : the words offered for the last word of the line.
complete_line() {
    bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _sqlc
        printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$ROOT/completions/sqlc.bash" "$@"
}
expect() { # expect "WANTED WORDS" WORD...: exactly those words
    local want=$1; shift
    local got; got=$(complete_line "$@" | tr '\n' ' ' | sed 's/ $//')
    [ "$got" = "$want" ] || { echo "FAIL: completing '$*': want '$want', got '$got'"; fail=1; }
}
expect "hash heads help history" sqlc h
expect "--graph" sqlc history --gr
expect "--format --from" sqlc diff --f
expect "--config" sqlc --con
expect "html" sqlc diff --format h
expect "dot ids json text" sqlc history --format ""
expect "0c0000000003" sqlc show 0c
expect "0a0000000001 0b0000000002 0c0000000003 0d0000000004 0e0000000005 0f0000000006 base head heads" sqlc upgrade ""
expect "0e0000000005" sqlc history -r 0e
expect "rev:0f0000000006" sqlc diff --from rev:0f
expect "diff" sqlc help dif
# Every command the binary lists is offered.
want=$("$SQLC" help --commands; echo help)
expect "$(echo "$want" | sort | tr '\n' ' ' | sed 's/ $//')" sqlc ""
# The project named on the line is the one whose revisions are offered.
cd .. && mkdir other && "$SQLC" init other >/dev/null &&
    SOURCE_DATE_EPOCH=1795000000 "$SQLC" -c other/sqlc.ini revision -m x --rev-id abcdefabcdef >/dev/null
expect "abcdefabcdef" sqlc -c other/sqlc.ini show ab
expect "abcdefabcdef" sqlc --versions other/versions stamp a

if command -v zsh >/dev/null; then
    zsh -n "$ROOT/completions/_sqlc" || { echo "FAIL: zsh -n completions/_sqlc"; fail=1; }
    cd proj && timeout 120 zsh -f "$ROOT/tests/scripts/completion_zsh.zsh" "$ROOT" "$bin" "$PWD" || fail=1
else
    echo "zsh is not installed: the zsh script was not checked"
fi
exit $fail
