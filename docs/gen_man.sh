#!/usr/bin/env bash
# gen_man.sh SQLC [IN] > sqlc.1: the man page, its COMMANDS section made
# from the command table.
#
# docs/sqlc.1.in holds the hand-written sections (file format, sqlc.ini,
# environment, exit status); the line `.\" @COMMANDS@` becomes one
# subsection per command, converted from `sqlc help CMD` (its common
# options left out), `.\" @COMMON_OPTIONS@` the common options, and
# @VERSION@ the version.  So a new row in cli/commands.c is in the man
# page with no other edit (`make man` and `make install` build it).
#
# The help text's shapes, and what they become:
#   usage: sqlc ...             the synopsis, unfilled
#   Heading:                    an italic paragraph heading
#   "  -o, --output FILE  text" a tagged paragraph (.TP), continuation
#                               lines (indented, no dash) appended
#   "  term   text"             the same, for lists such as diff's sources
#   "  sqlc ..."                an example, unfilled and indented
#   other lines                 running text
set -euo pipefail
SQLC=$1
IN=${2:-$(dirname "$0")/sqlc.1.in}
version=$("$SQLC" --version | sed -n '1s/^sqlc //p')

# roff from help text; common=1 keeps only the "Common options:" part,
# common=0 everything before it (the common options are in OPTIONS once).
to_roff() {
    awk -v common="$1" '
        /^Common options:$/ { flush_tp(); incommon = 1; next }
        incommon != common { next }
        function esc(s) {
            gsub(/\\/, "\\e", s)
            gsub(/-/, "\\-", s)
            if (s ~ /^[.\047]/) s = "\\&" s
            return s
        }
        function flush_tp() { if (tp) { print ".TP"; print "\\fB" esc(term) "\\fR"; print esc(desc); tp = 0 } }
        /^usage: / { flush_tp(); print ".nf"; print esc(substr($0, 8)); nf = 1; next }
        nf && /^       sqlc / { sub(/^ +/, ""); print esc($0); next }
        nf { print ".fi"; nf = 0 }
        /^$/ { flush_tp(); para = 1; next }
        /^[A-Z][A-Za-z ]*:$/ { flush_tp(); print ".PP"; print "\\fI" esc($0) "\\fR"; para = 0; next }
        /^  +[^ ]/ {
            line = $0; sub(/^ +/, "", line)
            if (tp && $0 ~ /^          +[^-]/) { desc = desc " " line; next }
            if (match(line, /  +/)) {
                flush_tp(); term = substr(line, 1, RSTART - 1); desc = substr(line, RSTART + RLENGTH); tp = 1; next
            }
            if (line ~ /^-/) { flush_tp(); term = line; desc = ""; tp = 1; next }
            flush_tp(); print ".RS"; print ".nf"; print esc(line); print ".fi"; print ".RE"; next
        }
        { if (tp) { flush_tp(); para = 1 } if (para) { print ".PP"; para = 0 } print esc($0) }
        END { flush_tp(); if (nf) print ".fi" }'
}

commands() {
    "$SQLC" help --commands | while read -r cmd; do
        printf '.SS "sqlc %s"\n' "$cmd"
        "$SQLC" help "$cmd" | to_roff 0
    done
}

while IFS= read -r line; do
    case $line in
    '.\" @COMMANDS@') commands ;;
    '.\" @COMMON_OPTIONS@') "$SQLC" help init | to_roff 1 ;;
    *) printf '%s\n' "${line//@VERSION@/$version}" ;;
    esac
done <"$IN"
