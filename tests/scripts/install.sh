#!/usr/bin/env bash
# install: `make install PREFIX=... DESTDIR=...` puts the binary, the man
# page and both completion scripts where their tools look, and `make
# uninstall` with the same variables removes exactly those files.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
stage=$PWD/stage
# -o all: install what is built ($SQLC), never rebuild from inside a test.
bash "$ROOT/docs/gen_man.sh" "$SQLC" >sqlc.1 || { echo "FAIL: docs/gen_man.sh"; exit 1; }
mk() { make -s -C "$ROOT" --no-print-directory -o all "$@" PREFIX=/opt/sqlc DESTDIR="$stage" \
    INSTALL_BIN="$SQLC" INSTALL_MAN="$PWD/sqlc.1"; }
mk install || { echo "FAIL: make install"; exit 1; }
for f in bin/sqlc share/man/man1/sqlc.1 share/bash-completion/completions/sqlc share/zsh/site-functions/_sqlc; do
    [ -f "$stage/opt/sqlc/$f" ] || { echo "FAIL: make install did not write /opt/sqlc/$f"; fail=1; }
done
[ -x "$stage/opt/sqlc/bin/sqlc" ] && "$stage/opt/sqlc/bin/sqlc" --version | grep -q '^sqlc ' ||
    { echo "FAIL: the installed sqlc does not run"; fail=1; }
cmp -s "$stage/opt/sqlc/share/man/man1/sqlc.1" sqlc.1 || { echo "FAIL: installed man page differs"; fail=1; }
MANPATH="$stage/opt/sqlc/share/man" man -w sqlc >/dev/null 2>&1 || { echo "FAIL: man does not find the installed page"; fail=1; }
mk uninstall || { echo "FAIL: make uninstall"; fail=1; }
left=$(find "$stage" -type f)
[ -z "$left" ] || { echo "FAIL: make uninstall left:"; echo "$left"; fail=1; }
exit $fail
