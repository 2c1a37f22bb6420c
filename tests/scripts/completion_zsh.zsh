# completion_zsh.zsh ROOT BINDIR PROJECT: real zsh completion, typed into an
# interactive zsh in a pseudo-terminal (zsh/zpty): each line is typed with
# a TAB and the command line must become the expected text.  Prints FAIL
# lines; the exit status is the number of failures.  Run by completion.sh.
zmodload zsh/zpty || exit 99
setopt extendedglob
root=$1 bindir=$2 project=$3
zpty -b z "zsh -f -i"
zpty -w z "PS1='%% '; PATH=$bindir:\$PATH; fpath=($root/completions \$fpath); autoload -U compinit; compinit -u -D; cd $project; print READY"
# wait_for TEXT: read the terminal until TEXT shows up (10 s at most).
wait_for() {
  local seen= chunk end=$((SECONDS + 10))
  while (( SECONDS < end )); do
    zpty -r -t z chunk && seen+=$chunk || sleep 0.1
    # What the line shows, without the terminal's escape sequences.
    [[ ${${seen//$'\r'/}//$'\e'\[[0-9;?]#[a-zA-Z]/} == *"$1"* ]] && return 0
  done
  print -r -- "FAIL: zsh: waited for '$1', the terminal showed: ${(q)seen[-200,-1]}"
  return 1
}
fails=0
wait_for READY || exit 1
# expect TYPED COMPLETED: TYPED then TAB gives COMPLETED on the line.
expect() {
  zpty -w -n z "$1"$'\t'
  wait_for "$2" || (( fails++ ))
  zpty -w -n z $'\C-u'
}
expect 'sqlc histo' 'sqlc history '
expect 'sqlc history --gra' 'sqlc history --graph '
expect 'sqlc show 0c' 'sqlc show 0c0000000003 '
expect 'sqlc diff --format htm' 'sqlc diff --format html '
expect 'sqlc help verif' 'sqlc help verify '
zpty -d z
exit $fails
