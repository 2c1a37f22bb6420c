# bash completion for sqlc.
#
# Nothing here lists sqlc's commands or flags: they are asked of sqlc
# itself (`sqlc help --commands`, `sqlc help --flags CMD`, the --format
# values from `sqlc help CMD`), and revision ids of the project on the
# command line (`sqlc history --format ids`, with the same -c/--versions),
# so a new command or flag completes with no edit here.
# Installed by `make install` into bash-completion's completions folder.

_sqlc_revisions()
{
    local ids
    ids=$("${_sqlc_cmd[@]}" history --format ids 2>/dev/null)
    COMPREPLY=($(compgen -W "head heads base $ids" -- "$cur"))
}

_sqlc_sources()
{
    # rev:REV, db:DSN, dump:FILE, schema:FILE
    case $cur in
    rev:*)
        local ids
        ids=$("${_sqlc_cmd[@]}" history --format ids 2>/dev/null)
        COMPREPLY=($(compgen -P rev: -W "head heads base $ids" -- "${cur#rev:}")) ;;
    dump:* | schema:*)
        local kind=${cur%%:*}
        COMPREPLY=($(compgen -P "$kind:" -f -- "${cur#*:}")) ;;
    *)
        COMPREPLY=($(compgen -W "rev: db: dump: schema:" -- "$cur"))
        compopt -o nospace 2>/dev/null ;;
    esac
}

_sqlc()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local i cmd= word
    # The sqlc to ask, with the global options that choose the project.
    _sqlc_cmd=("${COMP_WORDS[0]}")
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
        -c | --config | --versions | --db)
            _sqlc_cmd+=("$word" "${COMP_WORDS[i + 1]}")
            ((i++)) ;;
        -*) ;;
        *)
            if [[ -z $cmd ]]; then cmd=$word; fi ;;
        esac
    done
    COMPREPLY=()
    case $prev in
    -c | --config | -o | --output | --from-dump | --from-list | --targets)
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    --versions)
        COMPREPLY=($(compgen -d -- "$cur"))
        return ;;
    -r | --rev-range | --head | --depends-on)
        _sqlc_revisions
        return ;;
    --from | --to)
        _sqlc_sources
        return ;;
    --format)
        local formats
        formats=$("${_sqlc_cmd[@]}" help "$cmd" 2>/dev/null | grep -o -- '--format [a-z]*\(|[a-z]*\)*' | head -1)
        formats=${formats#--format }
        COMPREPLY=($(compgen -W "${formats//|/ }" -- "$cur"))
        return ;;
    --db | -m | --message | --rev-id | --branch-label | --lock-timeout | --rename-threshold | --jobs)
        return ;;
    esac
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--config --versions --db --quiet --verbose --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$("${_sqlc_cmd[@]}" help --commands 2>/dev/null) help" -- "$cur"))
        fi
        return
    fi
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W "$("${_sqlc_cmd[@]}" help --commands 2>/dev/null)" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("${_sqlc_cmd[@]}" help --flags "$cmd" 2>/dev/null)" -- "$cur"))
        return
    fi
    case $cmd in
    show | upgrade | downgrade | stamp | merge | schema | bundle)
        _sqlc_revisions ;;
    init)
        COMPREPLY=($(compgen -d -- "$cur")) ;;
    esac
}

complete -F _sqlc sqlc
