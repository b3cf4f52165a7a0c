# bash completion for rr-php
_rr_php() {
    local cur prev words cword
    _init_completion || return
    local commands="serve reset workers stop jobs"
    local global="-c --config -w --workdir -o --override --dotenv -s --silent -p --pid --version --help"
    case $prev in
        -c|--config|--dotenv) _filedir '@(yaml|yml|env)'; return ;;
        -w|--workdir|--WorkDir|--root) _filedir -d; return ;;
        -o|--override|-d|--define|-l|--listen|--workers|--index) return ;;
    esac
    local i cmd=
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in serve|reset|workers|stop|jobs) cmd=${words[i]}; break ;; esac
    done
    case $cmd in
        '') COMPREPLY=($(compgen -W "$commands $global" -- "$cur")) ;;
        serve)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--listen --root --index --workers --define --watch" -- "$cur"))
            else
                _filedir php
            fi ;;
        reset|workers) COMPREPLY=($(compgen -W "http jobs -i --interactive" -- "$cur")) ;;
        stop) COMPREPLY=($(compgen -W "-f --force" -- "$cur")) ;;
        jobs) COMPREPLY=($(compgen -W "--list --pause --resume --destroy" -- "$cur")) ;;
    esac
}
complete -F _rr_php rr-php
