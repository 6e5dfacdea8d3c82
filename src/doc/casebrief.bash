# bash completion for casebrief
#
# Audience and tag ids come from the data set the command line names with
# --data; without --data, casebrief is asked with no --data, so that it
# looks where it always looks (./data, else the copy installed beside the
# binary).
_casebrief()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
	}
	local commands="build render check list select init help"
	local opts="-a --audience --all -f --format -o --output -j --jobs --json
		--manifest --shard --dump-layout --data --templates --fonts --style
		--today --max-age -q -v --help --version --tag --kind --org-size
		--option --lang --since --until --compare-to"
	local i cmd=
	local -a data=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--data) data=(--data "${COMP_WORDS[i+1]}") ;;
		--data=*) data=("${COMP_WORDS[i]}") ;;
		build | render | check | list | select | init | help)
			[[ -z $cmd && ${COMP_WORDS[i-1]} != -* ]] && cmd=${COMP_WORDS[i]} ;;
		esac
	done
	case $prev in
	-a | --audience)
		COMPREPLY=($(compgen -W "$(casebrief "${data[@]}" list audiences --json 2>/dev/null |
			sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')" -- "$cur"))
		return ;;
	--tag)
		COMPREPLY=($(compgen -W "$(casebrief "${data[@]}" list tags --json 2>/dev/null |
			sed -n 's/.*"id": *"\([^"]*\)".*/\1/p')" -- "$cur"))
		return ;;
	--kind) COMPREPLY=($(compgen -W "migration adoption rejection" -- "$cur")); return ;;
	--org-size)
		COMPREPLY=($(compgen -W "startup scaleup enterprise indie oss public-sector internal" -- "$cur"))
		return ;;
	-f | --format) COMPREPLY=($(compgen -W "pdf md json pdf,md pdf,md,json md,json" -- "$cur")); return ;;
	--compare-to) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--data | --templates | --fonts)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-o | --output)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--style | --manifest) COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur")); return ;;
	list) COMPREPLY=($(compgen -W "cases audiences tags" -- "$cur")); return ;;
	render) COMPREPLY=($(compgen -f -X '!*.md' -- "$cur")); return ;;
	init) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
	fi
}
complete -F _casebrief casebrief
